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

Napi::Value describe(Napi::Env env, const at::Tensor& t) {
  at::Tensor copy = t;
  uint32_t h = store(std::move(copy));
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
    if (!v.toTensor().defined()) return env.Null();
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
  if (g_threads > 1 && g_device.is_cpu()) {
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
  try {
    op.callBoxed(&stack);
  } catch (const c10::Error& e) {
    throw Napi::Error::New(env, schema.name() + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, schema.name() + ": " + e.what());
  }
  if (stack.empty()) return env.Undefined();
  if (stack.size() == 1) return fromIValue(env, stack[0]);
  auto arr = Napi::Array::New(env, stack.size());
  for (uint32_t k = 0; k < stack.size(); ++k) arr.Set(k, fromIValue(env, stack[k]));
  return arr;
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
  return describe(env, t);
}

// toBuffer(handle[, wide]) -> a fresh typed array of the tensor's values (row-major, host memory).
// float64 narrows to float32 (what tfjs holds) unless `wide` is true: then it comes back as a
// Float64Array, every bit kept (the analyses' linear algebra).
Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  bool wide = info.Length() > 1 && info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
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
  exports.Set("version", Napi::String::New(env, TORCH_VERSION));
  exports.Set("adaptiveThreads", Napi::Boolean::New(env, g_omp_set != nullptr));
  exports.Set("cuda", Napi::Boolean::New(env, at::hasCUDA()));
  return exports;
}

}  // namespace

NODE_API_MODULE(whatwhere_torch, Init)
