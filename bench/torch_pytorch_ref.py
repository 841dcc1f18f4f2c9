"""PyTorch reference for `bench/torch_vs_pytorch.ts`: the same ResNet-18 (torchvision layout, channel
width multiplier, 674-unit head for the `all` task set), batch, input size and Adam, timed the same way
(warm-up steps, then the mean of timed steps). Prints one JSON line. Not a whatwhere dependency: the
bench installs Debian's python3-torch to run it.

usage: python3 torch_pytorch_ref.py SIZE WIDTH MODE(train|infer) BATCH STEPS WARMUP [cpu|cuda] [THREADS]
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (self.downsample(x) if self.downsample is not None else x))


class ResNet18(nn.Module):
    def __init__(self, width, outputs):
        super().__init__()
        planes = [max(1, round(p * width)) for p in (64, 128, 256, 512)]
        self.conv1 = nn.Conv2d(3, planes[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(planes[0])
        layers, cin = [], planes[0]
        for i, p in enumerate(planes):
            layers += [BasicBlock(cin, p, 1 if i == 0 else 2), BasicBlock(p, p, 1)]
            cin = p
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, outputs)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    size, width, mode, batch, steps, warmup = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    device = sys.argv[7] if len(sys.argv) > 7 else 'cpu'
    threads = int(sys.argv[8]) if len(sys.argv) > 8 else (os.cpu_count() or 1)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = ResNet18(width, 674).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, 3, size, size, device=device)
    cat = torch.randint(0, 117, (batch,), device=device)
    ident = torch.randint(0, 548, (batch,), device=device)
    reg = torch.randn(batch, 9, device=device)

    def sync():
        if device.startswith('cuda'):
            torch.cuda.synchronize()

    def step():
        if mode == 'train':
            model.train()
            out = model(x)
            loss = (F.cross_entropy(out[:, :117], cat) + F.cross_entropy(out[:, 117:665], ident) + F.mse_loss(out[:, 665:], reg)) / 3
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss.item()
        else:
            model.eval()
            with torch.no_grad():
                model(x).cpu()

    for _ in range(warmup):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    ms = (time.perf_counter() - t0) * 1000 / steps
    print(json.dumps({'engine': f'pytorch {torch.__version__}', 'device': device, 'threads': torch.get_num_threads(),
                      'size': size, 'width': width, 'mode': mode, 'batch': batch, 'steps': steps,
                      'img_per_s': round(batch * 1000 / ms, 2), 'ms_per_step': round(ms, 1)}))


if __name__ == '__main__':
    main()
