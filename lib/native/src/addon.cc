// whatwhere_torch: a thin N-API executor over libtorch.
//
// It owns at::Tensors in a handle table and runs any ATen operator by name through the c10
// dispatcher with boxed arguments (the way TorchScript calls ops), so this file never names a
// kernel: the mapping from tfjs kernels to ATen ops lives in lib/native/kernels/*.ts.
//
// JS calling convention for call(opIndex, args):
//   - args are positional, in the schema's order; `undefined` (or a short array) takes the default.
//   - the schema's declared type decides how a JS value converts: a Tensor argument is a handle
//     number, int[] an array of numbers, Scalar a number (integral -> int, else double), etc.
//   - a returned tensor comes back as [handle, dtypeCode, ...sizes]; tuples/lists as arrays of those.
// int64/float64 results come back with their own codes (4, 5); lib/native/exec.ts narrows them.
#include <napi.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/csrc/api/include/torch/version.h>

#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <dlfcn.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <memory>
#include <vector>

namespace {

// Handle table. Slot 0 is never used so a handle is always truthy in JS.
std::vector<at::Tensor> g_tensors(1);
std::vector<uint32_t> g_free;
size_t g_live = 0;
std::vector<c10::OperatorHandle> g_ops;
c10::Device g_device(c10::kCPU);

// Thread policy. tfjs issues many small ops (optimizer updates, per-channel math, small layers);
// an OpenMP team for those costs more than it saves, and on a busy machine each parallel region
// can wait a whole scheduler slice for its second thread (measured here: a small ResNet step took
// 13x longer on 2 threads than on 1 under load). So an op whose tensors all have fewer than
// g_small_numel elements runs on one thread; ops on big tensors use all of them.
// OpenMP's omp_set_num_threads is looked up in libtorch's own dependency tree (Debian links the
// system libgomp, PyTorch wheels bundle a renamed copy), so the addon never links an OpenMP itself.
using OmpSetThreads = void (*)(int);
OmpSetThreads g_omp_set = nullptr;
OmpSetThreads g_blas_set = nullptr;  // OpenBLAS runs its own pthreads (Debian's ATen matmul uses it)
int g_threads = 1;
int g_active_threads = 1;
int64_t g_small_numel = int64_t(1) << 18;

void findOpenMP() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&at::get_num_threads), &info) && info.dli_fname) {
    void* h = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (h) {
      g_omp_set = reinterpret_cast<OmpSetThreads>(dlsym(h, "omp_set_num_threads"));
      g_blas_set = reinterpret_cast<OmpSetThreads>(dlsym(h, "openblas_set_num_threads"));
    }
  }
}

void useThreads(int n) {
  if (n == g_active_threads || !g_omp_set) return;
  g_omp_set(n);
  if (g_blas_set) g_blas_set(n);
  g_active_threads = n;
}

// Results keep ATen's dtype (int64 indices stay int64 for the ops that need them); the JS side
// casts int64/float64 to tfjs's int32/float32 when a result becomes a tfjs tensor.
uint32_t store(at::Tensor t) {
  uint32_t h;
  if (!g_free.empty()) {
    h = g_free.back();
    g_free.pop_back();
    g_tensors[h] = std::move(t);
  } else {
    h = static_cast<uint32_t>(g_tensors.size());
    g_tensors.push_back(std::move(t));
  }
  ++g_live;
  return h;
}

const at::Tensor& get(Napi::Env env, const Napi::Value& v) {
  if (!v.IsNumber()) throw Napi::TypeError::New(env, "expected a tensor handle (number)");
  uint32_t h = v.As<Napi::Number>().Uint32Value();
  if (h == 0 || h >= g_tensors.size() || !g_tensors[h].defined()) {
    throw Napi::Error::New(env, "stale or unknown tensor handle " + std::to_string(h));
  }
  return g_tensors[h];
}

// dtype codes shared with lib/native/dtypes.ts
int dtypeCode(at::ScalarType s) {
  switch (s) {
    case at::kFloat: return 0;
    case at::kInt: return 1;
    case at::kBool: return 2;
    case at::kByte: return 3;
    case at::kLong: return 4;
    case at::kDouble: return 5;
    default: return -1;
  }
}

at::ScalarType scalarTypeOf(Napi::Env env, int code) {
  switch (code) {
    case 0: return at::kFloat;
    case 1: return at::kInt;
    case 2: return at::kBool;
    case 3: return at::kByte;
    case 5: return at::kDouble;
    default: throw Napi::TypeError::New(env, "unknown dtype code " + std::to_string(code));
  }
}

// Set while a trace records: the handles of the current call's tensor outputs, in fromIValue's order
// (0 for an undefined tensor).
std::vector<uint32_t>* g_trace_outs = nullptr;

Napi::Value describe(Napi::Env env, const at::Tensor& t) {
  at::Tensor copy = t;
  uint32_t h = store(std::move(copy));
  if (g_trace_outs) g_trace_outs->push_back(h);
  const at::Tensor& s = g_tensors[h];
  auto arr = Napi::Array::New(env, 2 + s.dim());
  arr.Set(uint32_t(0), Napi::Number::New(env, h));
  arr.Set(uint32_t(1), Napi::Number::New(env, dtypeCode(s.scalar_type())));
  for (int64_t i = 0; i < s.dim(); ++i) arr.Set(uint32_t(2 + i), Napi::Number::New(env, double(s.size(i))));
  return arr;
}

std::vector<int64_t> intList(Napi::Env env, const Napi::Value& v, const std::string& what) {
  if (v.IsNumber()) return {v.As<Napi::Number>().Int64Value()};  // int[2] accepts a single int
  if (!v.IsArray()) throw Napi::TypeError::New(env, what + ": expected an array of integers");
  auto a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

c10::Scalar scalarOf(const Napi::Value& v) {
  if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
  double d = v.As<Napi::Number>().DoubleValue();
  double ip;
  if (std::modf(d, &ip) == 0.0 && std::abs(d) < 9.0e15) return c10::Scalar(int64_t(d));
  return c10::Scalar(d);
}

c10::IValue toIValue(Napi::Env env, const Napi::Value& v, const c10::TypePtr& type, const std::string& what) {
  using K = c10::TypeKind;
  switch (type->kind()) {
    case K::OptionalType: {
      if (v.IsNull() || v.IsUndefined()) return c10::IValue();
      return toIValue(env, v, type->castRaw<c10::OptionalType>()->getElementType(), what);
    }
    case K::TensorType: return c10::IValue(get(env, v));
    case K::IntType:
#if TORCH_VERSION_MAJOR >= 2
    case K::SymIntType:
#endif
      if (v.IsBoolean()) return c10::IValue(int64_t(v.As<Napi::Boolean>().Value()));
      return c10::IValue(v.As<Napi::Number>().Int64Value());
    case K::FloatType: return c10::IValue(v.As<Napi::Number>().DoubleValue());
    case K::BoolType: return c10::IValue(v.ToBoolean().Value());
    case K::NumberType: return c10::IValue(scalarOf(v));
    case K::StringType: return c10::IValue(v.As<Napi::String>().Utf8Value());
    case K::DeviceObjType: {
      if (v.IsString()) return c10::IValue(c10::Device(v.As<Napi::String>().Utf8Value()));
      return c10::IValue(g_device);
    }
    case K::ListType: {
      auto elem = type->castRaw<c10::ListType>()->getElementType();
      switch (elem->kind()) {
        case K::IntType:
#if TORCH_VERSION_MAJOR >= 2
        case K::SymIntType:
#endif
          return c10::IValue(intList(env, v, what));
        case K::FloatType: {
          auto a = v.As<Napi::Array>();
          std::vector<double> out(a.Length());
          for (uint32_t i = 0; i < a.Length(); ++i) out[i] = a.Get(i).As<Napi::Number>().DoubleValue();
          return c10::IValue(out);
        }
        case K::BoolType: {
          auto a = v.As<Napi::Array>();
          c10::List<bool> out;
          for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(a.Get(i).ToBoolean().Value());
          return c10::IValue(out);
        }
        case K::TensorType: {
          auto a = v.As<Napi::Array>();
          c10::List<at::Tensor> out;
          out.reserve(a.Length());
          for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(get(env, a.Get(i)));
          return c10::IValue(out);
        }
        case K::OptionalType: {
          auto a = v.As<Napi::Array>();
          c10::List<c10::optional<at::Tensor>> out;
          for (uint32_t i = 0; i < a.Length(); ++i) {
            auto e = a.Get(i);
            if (e.IsNull() || e.IsUndefined()) out.push_back(c10::nullopt);
            else out.push_back(get(env, e));
          }
          return c10::IValue(out);
        }
        default: break;
      }
      break;
    }
    default:
      // ScalarType, Layout, MemoryFormat travel as ints in the boxed calling convention.
      if (v.IsNumber()) return c10::IValue(v.As<Napi::Number>().Int64Value());
      break;
  }
  throw Napi::TypeError::New(env, what + ": cannot convert a JS value to schema type " + type->str());
}

Napi::Value fromIValue(Napi::Env env, const c10::IValue& v) {
  if (v.isTensor()) {
    // ops with an output mask (convolution_backward) return undefined tensors for skipped outputs
    if (!v.toTensor().defined()) {
      if (g_trace_outs) g_trace_outs->push_back(0);
      return env.Null();
    }
    return describe(env, v.toTensor());
  }
  if (v.isTuple() || v.isTensorList() || v.isList()) {
    std::vector<c10::IValue> elems;
    if (v.isTuple()) {
      for (const auto& e : v.toTupleRef().elements()) elems.push_back(e);
    } else {
      for (const auto& e : v.toListRef()) elems.push_back(e);
    }
    auto arr = Napi::Array::New(env, elems.size());
    for (uint32_t i = 0; i < elems.size(); ++i) arr.Set(i, fromIValue(env, elems[i]));
    return arr;
  }
  if (v.isNone()) return env.Null();
  if (v.isInt()) return Napi::Number::New(env, double(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  throw Napi::Error::New(env, "unsupported return type " + v.tagKind());
}

// op(name, overload) -> index for call(); fails naming the op when the schema is unknown.
Napi::Value Op(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  std::string overload = info.Length() > 1 ? info[1].As<Napi::String>().Utf8Value() : "";
  auto h = c10::Dispatcher::singleton().findSchema({name, overload});
  if (!h.has_value()) {
    throw Napi::Error::New(env, "libtorch has no operator " + name + (overload.empty() ? "" : "." + overload));
  }
  g_ops.push_back(*h);
  return Napi::Number::New(env, double(g_ops.size() - 1));
}

Napi::Value Schema(const Napi::CallbackInfo& info) {
  uint32_t i = info[0].As<Napi::Number>().Uint32Value();
  std::ostringstream os;
  os << g_ops.at(i).schema();
  return Napi::String::New(info.Env(), os.str());
}

// Ops on small tensors run on one thread, ops on big ones on all (see g_small_numel).
void chooseThreads(const std::vector<c10::IValue>& stack) {
  if (g_threads <= 1 || !g_device.is_cpu()) return;
  int64_t biggest = 0;
  for (const auto& v : stack) {
    if (v.isTensor()) {
      biggest = std::max(biggest, v.toTensor().numel());
    } else if (v.isTensorList()) {  // multi-tensor (_foreach_) ops
      auto list = v.toTensorList();
      for (size_t j = 0; j < list.size(); ++j) biggest = std::max(biggest, list.get(j).numel());
    }
  }
  useThreads(biggest >= g_small_numel ? g_threads : 1);
}

// ---------------------------------------------------------------------------------------------
// Traces: a recorded sequence of calls replayed in one addon call.
//
// While a trace records, every call() runs as usual and is also written down: its operator, each
// argument either as a constant (the converted IValue) or as a register (a tensor handle), and the
// registers its tensor outputs land in. Handles the trace did not create become its inputs;
// tensors made by fromBuffer inside it become captured constants. traceEnd names which handles
// are parameters (passed anew to each replay) and which are outputs; every other input is captured.
// Replaying runs the same operators with the same arguments in the same order, on the same thread
// policy, so its results are bit-identical to the recorded calls; registers are released after
// their last use. A trace that read a value back (toBuffer) is invalid: JS may have branched on it.
struct TraceArg {
  enum Kind { kConst, kTensor, kTensorList, kOptTensorList } kind = kConst;
  c10::IValue value;          // kConst
  std::vector<int32_t> regs;  // registers; -1 = None (kOptTensorList)
};

struct TraceInstr {
  uint32_t op = 0;
  std::vector<TraceArg> args;
  std::vector<int32_t> outs;     // one per tensor output in fromIValue order; -1 = undefined
  std::vector<int32_t> release;  // registers whose last use is this instruction
  std::vector<int32_t> written;  // registers the operator writes in place (its schema's alias info)
};

struct Trace {
  std::vector<TraceInstr> code;
  int32_t regs = 0;
  std::vector<uint32_t> inputHandles;             // record-time handle of each input register
  std::vector<int32_t> inputRegs;
  std::vector<std::pair<int32_t, at::Tensor>> constants;  // fromBuffer tensors and captured inputs
  std::vector<int32_t> params;                    // registers bound by replay's arguments
  std::vector<int32_t> outputs;
  std::unordered_map<uint32_t, int32_t> live;     // record-time handle -> register
  std::vector<bool> freedInput;                   // per inputHandles entry: freed while recording
  std::string invalid;                            // why this trace cannot be replayed
};

Trace* g_trace = nullptr;
std::vector<std::unique_ptr<Trace>> g_traces;

int32_t traceReg(uint32_t h) {
  auto it = g_trace->live.find(h);
  if (it != g_trace->live.end()) return it->second;
  int32_t r = g_trace->regs++;
  g_trace->live[h] = r;
  g_trace->inputHandles.push_back(h);
  g_trace->inputRegs.push_back(r);
  g_trace->freedInput.push_back(false);
  return r;
}

bool isTensorType(const c10::TypePtr& t) { return t->kind() == c10::TypeKind::TensorType; }

void traceCall(Napi::Env env, uint32_t op, const std::vector<c10::Argument>& formals, const Napi::Array& args,
               const std::vector<c10::IValue>& stack) {
  using K = c10::TypeKind;
  TraceInstr ins;
  ins.op = op;
  for (size_t k = 0; k < formals.size(); ++k) {
    TraceArg a;
    const auto& type = formals[k].type();
    const c10::IValue& v = stack[k];
    Napi::Value js = k < args.Length() ? args.Get(uint32_t(k)) : env.Undefined();
    const bool optional = type->kind() == K::OptionalType;
    const auto& inner = optional ? type->castRaw<c10::OptionalType>()->getElementType() : type;
    if (isTensorType(inner) && v.isTensor()) {
      a.kind = TraceArg::kTensor;
      a.regs.push_back(traceReg(js.As<Napi::Number>().Uint32Value()));
    } else if (inner->kind() == K::ListType && !v.isNone()) {
      const auto& elem = inner->castRaw<c10::ListType>()->getElementType();
      const bool optElem = elem->kind() == K::OptionalType &&
                           isTensorType(elem->castRaw<c10::OptionalType>()->getElementType());
      if (isTensorType(elem) || optElem) {
        a.kind = optElem ? TraceArg::kOptTensorList : TraceArg::kTensorList;
        auto arr = js.As<Napi::Array>();
        for (uint32_t j = 0; j < arr.Length(); ++j) {
          auto e = arr.Get(j);
          a.regs.push_back(e.IsNull() || e.IsUndefined() ? -1 : traceReg(e.As<Napi::Number>().Uint32Value()));
        }
      } else {
        a.value = v;
      }
    } else {
      a.value = v;  // None, numbers, lists of numbers, devices, dtypes: the same on every replay
    }
    const auto* alias = formals[k].alias_info();
    if (alias && alias->isWrite()) for (int32_t r : a.regs) if (r >= 0) ins.written.push_back(r);
    ins.args.push_back(std::move(a));
  }
  g_trace->code.push_back(std::move(ins));
}

void traceOutputs(const std::vector<uint32_t>& outs) {
  auto& ins = g_trace->code.back();
  for (uint32_t h : outs) {
    if (h == 0) { ins.outs.push_back(-1); continue; }
    int32_t r = g_trace->regs++;
    g_trace->live[h] = r;  // a handle reused after free() names a new register
    ins.outs.push_back(r);
  }
}

// Tensor outputs of a call, in the order fromIValue visits them.
void flattenTensors(const c10::IValue& v, std::vector<at::Tensor>& out) {
  if (v.isTensor()) { out.push_back(v.toTensor()); return; }
  if (v.isTuple()) { for (const auto& e : v.toTupleRef().elements()) flattenTensors(e, out); return; }
  if (v.isTensorList() || v.isList()) { for (const auto& e : v.toListRef()) flattenTensors(e, out); }
}

Trace& traceAt(Napi::Env env, const Napi::Value& v) {
  uint32_t id = v.As<Napi::Number>().Uint32Value();
  if (id >= g_traces.size() || !g_traces[id]) throw Napi::Error::New(env, "unknown or dropped trace " + std::to_string(id));
  return *g_traces[id];
}

// traceBegin(): calls from now on are recorded (and still run).
Napi::Value TraceBegin(const Napi::CallbackInfo& info) {
  if (g_trace) throw Napi::Error::New(info.Env(), "traceBegin: a trace is already recording");
  g_traces.push_back(std::make_unique<Trace>());
  g_trace = g_traces.back().get();
  return info.Env().Undefined();
}

// traceEnd(params, outputs) -> {id, inputs, captured, instructions} or {invalid: why}. `params` are
// input handles passed anew to each replay (in this order); `outputs` the handles replay returns.
Napi::Value TraceEnd(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  if (!g_trace) throw Napi::Error::New(env, "traceEnd: no trace is recording");
  Trace& t = *g_trace;
  g_trace = nullptr;
  uint32_t id = uint32_t(g_traces.size() - 1);
  auto result = Napi::Object::New(env);
  auto params = info[0].As<Napi::Array>();
  auto outputs = info[1].As<Napi::Array>();
  std::vector<bool> isParam(t.regs, false);
  for (uint32_t j = 0; j < params.Length(); ++j) {
    uint32_t h = params.Get(j).As<Napi::Number>().Uint32Value();
    int32_t r = -1;
    for (size_t k = 0; k < t.inputHandles.size(); ++k) if (t.inputHandles[k] == h && !t.freedInput[k]) r = t.inputRegs[k];
    t.params.push_back(r);  // -1: a parameter the recorded calls never read
    if (r >= 0) isParam[r] = true;
  }
  for (uint32_t j = 0; j < outputs.Length(); ++j) {
    uint32_t h = outputs.Get(j).As<Napi::Number>().Uint32Value();
    auto it = t.live.find(h);
    if (it == t.live.end()) t.invalid = "an output handle (" + std::to_string(h) + ") is not a tensor the trace saw";
    t.outputs.push_back(it == t.live.end() ? -1 : it->second);
  }
  if (t.invalid.empty()) {
    for (size_t k = 0; k < t.inputHandles.size(); ++k) {
      if (isParam[t.inputRegs[k]]) continue;
      uint32_t h = t.inputHandles[k];
      if (t.freedInput[k]) {
        t.invalid = "input handle " + std::to_string(h) + " was freed before traceEnd (it cannot be captured)";
        break;
      }
      t.constants.emplace_back(t.inputRegs[k], g_tensors[h]);
    }
  }
  // A replay reuses captured tensors: one written in place would carry this replay's writes into the next.
  if (t.invalid.empty()) {
    std::vector<bool> constant(t.regs, false);
    for (const auto& c : t.constants) constant[c.first] = true;
    for (const auto& ins : t.code) {
      for (int32_t r : ins.written) {
        if (constant[r]) t.invalid = g_ops[ins.op].schema().name() + " writes in place to a tensor the trace would capture";
      }
    }
  }
  // Release each register after its last reader; outputs live on.
  std::vector<int32_t> last(t.regs, -1);
  for (size_t i = 0; i < t.code.size(); ++i) {
    for (const auto& a : t.code[i].args) for (int32_t r : a.regs) if (r >= 0) last[r] = int32_t(i);
    for (int32_t r : t.code[i].outs) if (r >= 0 && last[r] < int32_t(i)) last[r] = int32_t(i);
  }
  for (int32_t r : t.outputs) if (r >= 0) last[r] = -2;
  for (int32_t r = 0; r < t.regs; ++r) if (last[r] >= 0) t.code[last[r]].release.push_back(r);
  t.live.clear();
  if (!t.invalid.empty()) {
    result.Set("invalid", Napi::String::New(env, t.invalid));
    g_traces[id].reset();
    return result;
  }
  result.Set("id", Napi::Number::New(env, id));
  result.Set("instructions", Napi::Number::New(env, double(t.code.size())));
  result.Set("captured", Napi::Number::New(env, double(t.constants.size())));
  auto unread = Napi::Array::New(env);
  for (uint32_t j = 0; j < t.params.size(); ++j) if (t.params[j] < 0) unread.Set(unread.Length(), Napi::Number::New(env, j));
  result.Set("unreadParams", unread);
  return result;
}

bool sameConstant(const c10::IValue& a, const c10::IValue& b) {
  if (a.tagKind() != b.tagKind()) return false;
  if (a.isTensor()) return at::equal(a.toTensor(), b.toTensor());
  if (a.isDouble()) {  // every bit
    double x = a.toDouble(), y = b.toDouble();
    return std::memcmp(&x, &y, sizeof(double)) == 0;
  }
  if (a.isDoubleList()) {
    auto x = a.toDoubleVector();
    auto y = b.toDoubleVector();
    return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
  }
  if (a.isInt()) return a.toInt() == b.toInt();
  if (a.isBool()) return a.toBool() == b.toBool();
  if (a.isNone()) return true;
  if (a.isIntList()) return a.toIntVector() == b.toIntVector();
  std::ostringstream x, y;
  x << a;
  y << b;
  return a.tagKind() == b.tagKind() && x.str() == y.str();
}

// traceSame(a, b) -> "" when two traces run the same calls on the same constants, else the first difference.
Napi::Value TraceSame(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  const Trace& a = traceAt(env, info[0]);
  const Trace& b = traceAt(env, info[1]);
  auto differ = [&](const std::string& why) { return Napi::String::New(env, why); };
  if (a.code.size() != b.code.size()) return differ("call counts differ");
  if (a.regs != b.regs || a.params != b.params || a.outputs != b.outputs) return differ("data flow differs");
  for (size_t i = 0; i < a.code.size(); ++i) {
    const auto& x = a.code[i];
    const auto& y = b.code[i];
    if (x.op != y.op || x.outs != y.outs || x.args.size() != y.args.size()) return differ("call " + std::to_string(i) + " differs");
    for (size_t k = 0; k < x.args.size(); ++k) {
      if (x.args[k].kind != y.args[k].kind || x.args[k].regs != y.args[k].regs ||
          !sameConstant(x.args[k].value, y.args[k].value)) {
        return differ("call " + std::to_string(i) + " (" + g_ops[x.op].schema().name() + ") argument " + std::to_string(k) + " differs");
      }
    }
  }
  if (a.constants.size() != b.constants.size()) return differ("captured tensors differ");
  for (size_t k = 0; k < a.constants.size(); ++k) {
    const auto& x = a.constants[k];
    const auto& y = b.constants[k];
    if (x.first != y.first || x.second.sizes() != y.second.sizes() || x.second.scalar_type() != y.second.scalar_type() ||
        !at::equal(x.second, y.second)) {
      return differ("captured tensor " + std::to_string(k) + " differs");
    }
  }
  return differ("");
}

// traceRun(id, paramHandles) -> [desc per output]: the recorded calls on new parameters.
Napi::Value TraceRun(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  if (g_trace) throw Napi::Error::New(env, "traceRun: a trace is recording");
  const Trace& t = traceAt(env, info[0]);
  auto params = info[1].As<Napi::Array>();
  if (params.Length() != t.params.size()) {
    throw Napi::TypeError::New(env, "traceRun: " + std::to_string(params.Length()) + " parameters for a trace of " +
                                        std::to_string(t.params.size()));
  }
  std::vector<at::Tensor> reg(t.regs);
  for (const auto& c : t.constants) reg[c.first] = c.second;
  for (uint32_t j = 0; j < params.Length(); ++j) if (t.params[j] >= 0) reg[t.params[j]] = get(env, params.Get(j));
  std::vector<c10::IValue> stack;
  std::vector<at::Tensor> outs;
  for (const auto& ins : t.code) {
    stack.clear();
    for (const auto& a : ins.args) {
      switch (a.kind) {
        case TraceArg::kConst: stack.push_back(a.value); break;
        case TraceArg::kTensor: stack.emplace_back(reg[a.regs[0]]); break;
        case TraceArg::kTensorList: {
          c10::List<at::Tensor> l;
          l.reserve(a.regs.size());
          for (int32_t r : a.regs) l.push_back(reg[r]);
          stack.emplace_back(std::move(l));
          break;
        }
        case TraceArg::kOptTensorList: {
          c10::List<c10::optional<at::Tensor>> l;
          for (int32_t r : a.regs) l.push_back(r < 0 ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(reg[r]));
          stack.emplace_back(std::move(l));
          break;
        }
      }
    }
    chooseThreads(stack);
    const auto& op = g_ops[ins.op];
    try {
      op.callBoxed(&stack);
    } catch (const c10::Error& e) {
      throw Napi::Error::New(env, "traceRun: " + op.schema().name() + ": " + e.what_without_backtrace());
    }
    outs.clear();
    for (const auto& v : stack) flattenTensors(v, outs);
    if (outs.size() != ins.outs.size()) throw Napi::Error::New(env, "traceRun: " + op.schema().name() + " returned another number of tensors than when recorded");
    for (size_t k = 0; k < outs.size(); ++k) if (ins.outs[k] >= 0) reg[ins.outs[k]] = std::move(outs[k]);
    for (int32_t r : ins.release) reg[r] = at::Tensor();
  }
  auto arr = Napi::Array::New(env, t.outputs.size());
  for (uint32_t j = 0; j < t.outputs.size(); ++j) arr.Set(j, describe(env, reg[t.outputs[j]]));
  return arr;
}

// traceOps(id) -> [[operator index, outputs read later or returned (0/1)], ...] (profiling and tests).
Napi::Value TraceOps(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  const Trace& t = traceAt(env, info[0]);
  std::vector<bool> read(t.regs, false);
  for (const auto& ins : t.code) for (const auto& a : ins.args) for (int32_t r : a.regs) if (r >= 0) read[r] = true;
  for (int32_t r : t.outputs) if (r >= 0) read[r] = true;
  auto arr = Napi::Array::New(env, t.code.size());
  for (uint32_t i = 0; i < t.code.size(); ++i) {
    bool used = false;
    for (int32_t r : t.code[i].outs) if (r >= 0 && read[r]) used = true;
    auto e = Napi::Array::New(env, 2);
    e.Set(uint32_t(0), Napi::Number::New(env, t.code[i].op));
    e.Set(uint32_t(1), Napi::Number::New(env, used ? 1 : 0));
    arr.Set(i, e);
  }
  return arr;
}

Napi::Value TraceDrop(const Napi::CallbackInfo& info) {
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  if (id < g_traces.size()) g_traces[id].reset();
  return info.Env().Undefined();
}

Napi::Value Call(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  uint32_t i = info[0].As<Napi::Number>().Uint32Value();
  if (i >= g_ops.size()) throw Napi::Error::New(env, "unknown operator index");
  const auto& op = g_ops[i];
  const auto& schema = op.schema();
  const auto& formals = schema.arguments();
  Napi::Array args = info.Length() > 1 && info[1].IsArray() ? info[1].As<Napi::Array>() : Napi::Array::New(env, 0);
  std::vector<c10::IValue> stack;
  stack.reserve(formals.size());
  for (size_t k = 0; k < formals.size(); ++k) {
    const auto& f = formals[k];
    Napi::Value v = k < args.Length() ? args.Get(uint32_t(k)) : env.Undefined();
    if (v.IsUndefined()) {
      const bool optionalDevice = f.type()->kind() == c10::TypeKind::OptionalType &&
          f.type()->castRaw<c10::OptionalType>()->getElementType()->kind() == c10::TypeKind::DeviceObjType;
      if (optionalDevice) {
        // factory ops (arange, zeros...): an unspecified device means the backend's device (cpu or
        // cuda), even where the schema's default is None (which would mean cpu)
        stack.push_back(c10::IValue(g_device));
      } else if (f.default_value().has_value()) {
        stack.push_back(*f.default_value());
      } else if (f.type()->kind() == c10::TypeKind::OptionalType) {
        stack.push_back(c10::IValue());
      } else {
        throw Napi::TypeError::New(env, schema.name() + ": missing argument '" + f.name() + "'");
      }
      continue;
    }
    if (f.type()->kind() == c10::TypeKind::OptionalType && v.IsNull() &&
        f.type()->castRaw<c10::OptionalType>()->getElementType()->kind() == c10::TypeKind::DeviceObjType) {
      stack.push_back(c10::IValue(g_device));
      continue;
    }
    stack.push_back(toIValue(env, v, f.type(), schema.name() + " argument '" + f.name() + "'"));
  }
  chooseThreads(stack);
  if (g_trace) traceCall(env, i, formals, args, stack);
  try {
    op.callBoxed(&stack);
  } catch (const c10::Error& e) {
    throw Napi::Error::New(env, schema.name() + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, schema.name() + ": " + e.what());
  }
  std::vector<uint32_t> outs;
  if (g_trace) g_trace_outs = &outs;
  Napi::Value result;
  if (stack.empty()) {
    result = env.Undefined();
  } else if (stack.size() == 1) {
    result = fromIValue(env, stack[0]);
  } else {
    auto arr = Napi::Array::New(env, stack.size());
    for (uint32_t k = 0; k < stack.size(); ++k) arr.Set(k, fromIValue(env, stack[k]));
    result = arr;
  }
  g_trace_outs = nullptr;
  if (g_trace) traceOutputs(outs);
  return result;
}

// fromBuffer(typedArray, sizes, dtypeCode) -> descriptor. Copies into a tensor on the device.
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto ta = info[0].As<Napi::TypedArray>();
  auto sizes = intList(env, info[1], "fromBuffer sizes");
  auto dtype = scalarTypeOf(env, info[2].As<Napi::Number>().Int32Value());
  int64_t n = 1;
  for (auto s : sizes) n *= s;
  auto opts = at::TensorOptions().dtype(dtype);
  size_t bytes = size_t(n) * c10::elementSize(dtype);
  if (ta.ByteLength() != bytes) {
    throw Napi::RangeError::New(env, "fromBuffer: " + std::to_string(ta.ByteLength()) + " bytes for " +
                                         std::to_string(bytes) + " expected");
  }
  at::Tensor t = at::empty(sizes, opts);
  if (bytes) {
    auto* src = static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
    std::memcpy(t.data_ptr(), src, bytes);
  }
  if (g_device.type() != c10::kCPU) t = t.to(g_device);
  Napi::Value d = describe(env, t);
  if (g_trace) {  // a constant made inside the trace: replays reuse this tensor
    int32_t r = g_trace->regs++;
    g_trace->live[d.As<Napi::Array>().Get(uint32_t(0)).As<Napi::Number>().Uint32Value()] = r;
    g_trace->constants.emplace_back(r, t);
  }
  return d;
}

// toBuffer(handle[, wide]) -> a fresh typed array of the tensor's values (row-major, host memory).
// float64 narrows to float32 (what tfjs holds) unless `wide` is true: then it comes back as a
// Float64Array, every bit kept (the analyses' linear algebra).
Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  bool wide = info.Length() > 1 && info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
  if (g_trace && g_trace->invalid.empty()) g_trace->invalid = "a value was read back while recording (toBuffer)";
  at::Tensor t = get(env, info[0]).to(c10::kCPU).contiguous();
  if (t.scalar_type() == at::kLong) t = t.to(at::kInt);
  else if (t.scalar_type() == at::kDouble && !wide) t = t.to(at::kFloat);
  size_t n = size_t(t.numel());
  switch (t.scalar_type()) {
    case at::kDouble: {
      auto out = Napi::Float64Array::New(env, n);
      if (n) std::memcpy(out.Data(), t.data_ptr(), n * 8);
      return out;
    }
    case at::kFloat: {
      auto out = Napi::Float32Array::New(env, n);
      if (n) std::memcpy(out.Data(), t.data_ptr(), n * 4);
      return out;
    }
    case at::kInt: {
      auto out = Napi::Int32Array::New(env, n);
      if (n) std::memcpy(out.Data(), t.data_ptr(), n * 4);
      return out;
    }
    case at::kBool:
    case at::kByte: {
      auto out = Napi::Uint8Array::New(env, n);
      if (n) std::memcpy(out.Data(), t.data_ptr(), n);
      return out;
    }
    default: throw Napi::TypeError::New(env, std::string("toBuffer: unsupported dtype ") + c10::toString(t.scalar_type()));
  }
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  uint32_t h = info[0].As<Napi::Number>().Uint32Value();
  if (h == 0 || h >= g_tensors.size() || !g_tensors[h].defined()) {
    throw Napi::Error::New(env, "free: stale or unknown tensor handle " + std::to_string(h));
  }
  g_tensors[h] = at::Tensor();
  g_free.push_back(h);
  --g_live;
  if (g_trace) {
    // The handle may be reused for a new tensor: forget it. An input freed here cannot be captured at
    // traceEnd; traceEnd says so unless it is a parameter (bound anew at each replay).
    auto it = g_trace->live.find(h);
    if (it != g_trace->live.end()) {
      for (size_t k = 0; k < g_trace->inputRegs.size(); ++k) {
        if (g_trace->inputRegs[k] == it->second) g_trace->freedInput[k] = true;
      }
      g_trace->live.erase(it);
    }
  }
  return env.Undefined();
}

// info(handle) -> [dtypeCode, isChannelsLastContiguous, ...sizes] (tests and debugging)
Napi::Value Info(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  const at::Tensor& t = get(env, info[0]);
  auto arr = Napi::Array::New(env);
  arr.Set(uint32_t(0), Napi::Number::New(env, dtypeCode(t.scalar_type())));
  arr.Set(uint32_t(1), Napi::Boolean::New(env, t.is_contiguous()));
  auto strides = Napi::Array::New(env, t.dim());
  for (int64_t i = 0; i < t.dim(); ++i) strides.Set(uint32_t(i), Napi::Number::New(env, double(t.stride(i))));
  arr.Set(uint32_t(2), strides);
  arr.Set(uint32_t(3), Napi::String::New(env, t.device().str()));
  return arr;
}

Napi::Value Live(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), double(g_live)); }

// setThreads(n, smallNumel?): threads for big ops; ops on fewer elements than smallNumel use one.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  g_threads = std::max(1, info[0].As<Napi::Number>().Int32Value());
  if (info.Length() > 1 && info[1].IsNumber()) g_small_numel = info[1].As<Napi::Number>().Int64Value();
  at::set_num_threads(g_threads);
  if (g_blas_set) g_blas_set(g_threads);
  g_active_threads = g_threads;
  return info.Env().Undefined();
}

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), g_threads);
}

// CUDA is reached through device-generic interfaces only, so the same source builds against a
// CPU libtorch (Debian) and a CUDA one (a PyTorch install) without CUDA headers.
int cudaDevices() {
  if (!at::hasCUDA()) return 0;
  return int(c10::impl::getDeviceGuardImpl(c10::kCUDA)->deviceCount());
}

Napi::Value CudaDeviceCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), cudaDevices());
}

// setDevice("cpu" | "cuda" | "cuda:1"): where new tensors live; only valid before any tensor exists.
Napi::Value SetDevice(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  std::string d = info[0].As<Napi::String>().Utf8Value();
  try {
    c10::Device dev(d);
    if (dev.is_cuda()) {
      if (cudaDevices() == 0) {
        throw Napi::Error::New(env, "setDevice: no CUDA device (libtorch built without CUDA, or no GPU visible)");
      }
      if (!dev.has_index()) dev = c10::Device(c10::kCUDA, 0);
      c10::impl::getDeviceGuardImpl(c10::kCUDA)->setDevice(dev);
    }
    g_device = dev;
  } catch (const c10::Error& e) {
    throw Napi::Error::New(env, std::string("setDevice: ") + e.what_without_backtrace());
  }
  return env.Undefined();
}

Napi::Value GetDevice(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), g_device.str()); }

// setTF32(cudnn, cublas = cudnn): TF32 in cuDNN convolutions and cuBLAS matmuls (Ampere and
// later). PyTorch's defaults are on for cuDNN, off for cuBLAS; parity checks turn both off.
Napi::Value SetTF32(const Napi::CallbackInfo& info) {
  bool cudnn = info[0].As<Napi::Boolean>().Value();
  bool cublas = info.Length() > 1 && info[1].IsBoolean() ? info[1].As<Napi::Boolean>().Value() : cudnn;
  at::globalContext().setAllowTF32CuDNN(cudnn);
  at::globalContext().setAllowTF32CuBLAS(cublas);
  return info.Env().Undefined();
}

Napi::Value GetTF32(const Napi::CallbackInfo& info) {
  auto arr = Napi::Array::New(info.Env(), 2);
  arr.Set(uint32_t(0), Napi::Boolean::New(info.Env(), at::globalContext().allowTF32CuDNN()));
  arr.Set(uint32_t(1), Napi::Boolean::New(info.Env(), at::globalContext().allowTF32CuBLAS()));
  return arr;
}

// synchronize(): waits for queued device work (timing; a no-op on CPU).
Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  // A blocking device->host copy on the current stream waits for all work queued before it.
  if (!g_device.is_cpu()) (void)at::zeros({1}, at::TensorOptions().device(g_device)).to(c10::kCPU);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  findOpenMP();
  g_threads = int(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(g_threads);
  if (g_blas_set) g_blas_set(g_threads);
  g_active_threads = g_threads;
  exports.Set("op", Napi::Function::New(env, Op));
  exports.Set("schema", Napi::Function::New(env, Schema));
  exports.Set("call", Napi::Function::New(env, Call));
  exports.Set("fromBuffer", Napi::Function::New(env, FromBuffer));
  exports.Set("toBuffer", Napi::Function::New(env, ToBuffer));
  exports.Set("free", Napi::Function::New(env, Free));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("live", Napi::Function::New(env, Live));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("getThreads", Napi::Function::New(env, GetThreads));
  exports.Set("cudaDeviceCount", Napi::Function::New(env, CudaDeviceCount));
  exports.Set("setDevice", Napi::Function::New(env, SetDevice));
  exports.Set("getDevice", Napi::Function::New(env, GetDevice));
  exports.Set("synchronize", Napi::Function::New(env, Synchronize));
  exports.Set("setTF32", Napi::Function::New(env, SetTF32));
  exports.Set("getTF32", Napi::Function::New(env, GetTF32));
  exports.Set("traceBegin", Napi::Function::New(env, TraceBegin));
  exports.Set("traceEnd", Napi::Function::New(env, TraceEnd));
  exports.Set("traceSame", Napi::Function::New(env, TraceSame));
  exports.Set("traceRun", Napi::Function::New(env, TraceRun));
  exports.Set("traceOps", Napi::Function::New(env, TraceOps));
  exports.Set("traceDrop", Napi::Function::New(env, TraceDrop));
  exports.Set("version", Napi::String::New(env, TORCH_VERSION));
  exports.Set("adaptiveThreads", Napi::Boolean::New(env, g_omp_set != nullptr));
  exports.Set("cuda", Napi::Boolean::New(env, at::hasCUDA()));
  return exports;
}

}  // namespace

NODE_API_MODULE(whatwhere_torch, Init)
