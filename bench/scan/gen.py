#!/usr/bin/env python3
"""Generates a docker-save archive for the scan benchmark (not committed).

usage: gen.py OUT.tar [MB]   (default 600 MB of uncompressed layers)

Five layers of generated files: many small text files (configs, scripts),
medium text files, and large binaries, written layer by layer to temporary
files so the generator itself stays small in memory.
"""
import hashlib
import io
import json
import os
import random
import sys
import tarfile
import tempfile

out = sys.argv[1]
total_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 600
nlayers = 5
per_layer = total_mb * (1 << 20) // nlayers
rnd = random.Random(42)
words = [("%x" % rnd.getrandbits(40)) for _ in range(4096)]


def text(n):
    lines, size = [], 0
    while size < n:
        line = "%s = %s %s\n" % (rnd.choice(words), rnd.choice(words), rnd.choice(words))
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()[:n]


TEXT_BLOCK = text(1 << 20)


def add(t, name, data, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.mtime = len(data), mode, 1700000000
    t.addfile(ti, io.BytesIO(data))


tmp = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(out)))
layers = []
for li in range(nlayers):
    path = os.path.join(tmp, "layer%d.tar" % li)
    h = hashlib.sha256()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        size, i = 0, 0
        while size < per_layer:
            kind = i % 10
            if kind < 7:
                n = rnd.randint(200, 16384)          # small text: configs, scripts
                off = rnd.randint(0, len(TEXT_BLOCK) - n)
                data = TEXT_BLOCK[off:off + n]
                name = "srv/l%d/conf/f%06d.conf" % (li, i)
            elif kind < 9:
                n = rnd.randint(64 << 10, 1 << 20)   # medium text
                data = TEXT_BLOCK[:n]
                name = "srv/l%d/data/f%06d.txt" % (li, i)
            else:
                n = rnd.randint(1 << 20, 8 << 20)    # binaries
                data = b"\x7fELF\x02\x01\x01\x00" + os.urandom(n - 8)
                name = "usr/lib/l%d/lib%06d.bin" % (li, i)
            add(t, name, data, 0o755 if kind == 9 else 0o644)
            size += n
            i += 1
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    layers.append((path, h.hexdigest()))

cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"User": "1000"},
                  "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for _, d in layers]},
                  "history": [{"created_by": "bench layer %d" % i} for i in range(nlayers)]}).encode()
cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
manifest = json.dumps([{"Config": cfg_name, "RepoTags": ["bench/scan:1"],
                        "Layers": ["%s/layer.tar" % d for _, d in layers]}]).encode()
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
    add(t, cfg_name, cfg)
    for path, d in layers:
        t.add(path, arcname="%s/layer.tar" % d)
        os.unlink(path)
    add(t, "manifest.json", manifest)
os.rmdir(tmp)
