"""numpy anchor for the Fashion-MNIST bar, written for this repository beside torch_fashion.py: the same 784 -> H -> 10
MLP, ReLU + inverted dropout, softmax cross-entropy, Adam (eps 1e-7), batch 128, float32 throughout (so the matrix
products are OpenBLAS sgemm, as in PyTorch), one BLAS thread. Same split and output as torch_fashion.py: the first N rows
of a seeded permutation for training, the next 10,000 for validation, one final evaluation pass over both; JSON with ms
per epoch including that pass spread over the epochs, the median epoch, accuracies, and which BLAS numpy loaded.
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 numpy_fashion.py --epochs 3"""
import argparse, gzip, json, os, time

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
import numpy as np  # noqa: E402  (thread counts must be set first)

p = argparse.ArgumentParser()
p.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
p.add_argument("--hidden", type=int, default=256)
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--batch", type=int, default=128)
p.add_argument("--dropout", type=float, default=0.2)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--train-rows", type=int, default=50000)
a = p.parse_args()
blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})


def idx(name, images):
    with gzip.open(f"{a.dir}/{name}", "rb") as f:
        raw = f.read()
    if images:
        n, r, c = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
        return np.frombuffer(raw, np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / np.float32(255.0)
    return np.frombuffer(raw, np.uint8, offset=8).astype(np.int64)


X = idx("train-images-idx3-ubyte.gz", True)
Y = idx("train-labels-idx1-ubyte.gz", False)
rng = np.random.default_rng(1)
order = rng.permutation(len(X))
x, y = X[order[:a.train_rows]], Y[order[:a.train_rows]]
vx, vy = X[order[a.train_rows:a.train_rows + 10000]], Y[order[a.train_rows:a.train_rows + 10000]]
f32 = np.float32
params = [(f32(0.01) * rng.standard_normal((784, a.hidden))).astype(f32), np.zeros(a.hidden, f32),
          (f32(0.01) * rng.standard_normal((a.hidden, 10))).astype(f32), np.zeros(10, f32)]
m = [np.zeros_like(t) for t in params]
v = [np.zeros_like(t) for t in params]
keep = f32(1 - a.dropout)
step = 0


def forward(xb):
    z1 = xb @ params[0] + params[1]
    h = np.maximum(z1, 0)
    return z1, h


def logits_of(h):
    return h @ params[2] + params[3]


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def train_step(xb, yb):
    global step
    z1, h = forward(xb)
    mask = (rng.random(h.shape, dtype=f32) < keep).astype(f32) / keep
    hd = h * mask
    p = softmax(logits_of(hd))
    d = p
    d[np.arange(len(yb)), yb] -= 1
    d /= f32(len(yb))
    grads = [None, None, hd.T @ d, d.sum(axis=0)]
    dh = (d @ params[2].T) * mask
    dz = dh * (z1 > 0)
    grads[0] = xb.T @ dz
    grads[1] = dz.sum(axis=0)
    step += 1
    c1, c2 = f32(1 - 0.9 ** step), f32(1 - 0.999 ** step)
    for t in range(4):
        m[t] = f32(0.9) * m[t] + f32(0.1) * grads[t]
        v[t] = f32(0.999) * v[t] + f32(0.001) * grads[t] * grads[t]
        params[t] -= f32(a.lr) * (m[t] / c1) / (np.sqrt(v[t] / c2) + f32(1e-7))


def accuracy(xs, ys):
    hits = 0
    for i in range(0, len(xs), 1000):
        hits += (logits_of(forward(xs[i:i + 1000])[1]).argmax(1) == ys[i:i + 1000]).sum()
    return hits / len(xs)


times = []
for epoch in range(a.epochs):
    perm = rng.permutation(len(x))
    t0 = time.perf_counter()
    for i in range(0, len(x), a.batch):
        j = perm[i:i + a.batch]
        train_step(x[j], y[j])
    times.append((time.perf_counter() - t0) * 1000)
t0 = time.perf_counter()
acc = accuracy(vx, vy)
train_acc = accuracy(x, y)
eval_ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms_per_epoch": (sum(times) + eval_ms) / a.epochs, "median_epoch_ms": sorted(times)[len(times) // 2],
                  "eval_ms": eval_ms, "val_acc": float(acc), "train_acc": float(train_acc), "blas": blas,
                  "numpy": np.__version__}))
