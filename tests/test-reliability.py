#!/usr/bin/env python3
"""Nothing lost: SIGKILL during saves, a full disk, a failing fsync.

Runs the real shenbao-cli. TAP output. SHENBAO_KILLS sets the number of
kills (default 200)."""
import glob, hashlib, json, os, random, shutil, signal, subprocess, sys, tempfile, time

CLI = os.environ["SHENBAO_CLI"]
FAULT = os.environ["SHENBAO_FAULT_LIB"]
ROOT = os.environ["SHENBAO_SOURCE_ROOT"]
SAMPLE = os.path.join(ROOT, "data", "samples", "sample-submission.json")
KILLS = int(os.environ.get("SHENBAO_KILLS", "200"))
TMP = tempfile.mkdtemp(prefix="test-reliability.")
rng = random.Random(20250418)
results = []


def ok(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([CLI, *args], capture_output=True, env=e)


def attachments(path):
    p = run("dump", path)
    if p.returncode != 0:
        return None
    return [a["sha256"] for a in json.loads(p.stdout)["attachments"]]


def leftovers(folder):
    return [f for f in os.listdir(folder) if f.startswith(".") and "saving" in f]


def make_pdf(path, size, seed):
    """A valid one-page A4 PDF carrying size bytes of noise in an unused
    stream, so preflight opens it and the save has real work to do."""
    noise = random.Random(seed).randbytes(size)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 18 >>\nstream\n0 0 m 100 100 l S\nendstream",
        b"<< /Length %d >>\nstream\n" % len(noise) + noise + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


base = os.path.join(TMP, "base.shenbao")
p = run("import", SAMPLE, "-o", base)
assert p.returncode == 0, p.stderr
big = os.path.join(TMP, "big.pdf")
make_pdf(big, 3 * 1024 * 1024, 1)
big_sha = hashlib.sha256(open(big, "rb").read()).hexdigest()
old = attachments(base)

# 1. SIGKILL at random moments while attach saves.
target = os.path.join(TMP, "killed.shenbao")
t0 = time.monotonic()
shutil.copy(base, target)
p = run("attach", target, "--category", "innovation", big)
full = time.monotonic() - t0
new = attachments(target)
ok("an undisturbed attach adds the file", p.returncode == 0 and new is not None and big_sha in new)
bad = []
outcomes = {"old": 0, "new": 0}
for i in range(KILLS):
    shutil.copy(base, target)
    proc = subprocess.Popen([CLI, "attach", target, "--category", "innovation", big],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, full * 1.1))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    got = attachments(target)
    if got == old:
        outcomes["old"] += 1
    elif got is not None and big_sha in got and len(got) == len(old) + 1:
        outcomes["new"] += 1
    else:
        bad.append(i)
print(f"# {KILLS} kills: {outcomes['old']} left the old file, {outcomes['new']} the new one")
ok(f"after each of {KILLS} kills the file opens, old or new", not bad, f"broken after kills {bad[:10]}")
p = run("attach", target, "--category", "performance", big)
ok("the next successful save leaves no temporary file", p.returncode == 0 and not leftovers(TMP),
   str(leftovers(TMP)))

# 2. A full disk: every write past a limit fails with ENOSPC. An ASan
# build wants its runtime first in LD_PRELOAD: the plain build runs these.
SANITIZED = os.environ.get("SHENBAO_SANITIZED", "none") != "none"
for limit in () if SANITIZED else (0, 4096, 200000, 2 * 1024 * 1024):
    victim = os.path.join(TMP, f"full-{limit}.shenbao")
    shutil.copy(base, victim)
    before = open(victim, "rb").read()
    p = run("attach", victim, "--category", "innovation", big,
            env={"LD_PRELOAD": FAULT, "SB_FAULT_WRITE_LIMIT": str(limit)})
    err = p.stderr.decode(errors="replace")
    ok(f"disk full after {limit} bytes: exit 1 with a message naming the file",
       p.returncode == 1 and os.path.basename(victim) in err, f"exit {p.returncode}: {err[:200]}")
    ok(f"disk full after {limit} bytes: the old file is intact and nothing is left behind",
       open(victim, "rb").read() == before and not leftovers(TMP), str(leftovers(TMP)))

# 3. fsync fails (a network or USB disk that lost the data).
victim = os.path.join(TMP, "fsync.shenbao")
if SANITIZED:
    print("# fault injection skipped in a sanitizer build")
    victim = None
if victim:
    shutil.copy(base, victim)
    before = open(victim, "rb").read()
    p = run("attach", victim, "--category", "innovation", big,
            env={"LD_PRELOAD": FAULT, "SB_FAULT_FSYNC": "1"})
    ok("a failing fsync is an error and keeps the old file",
       p.returncode == 1 and open(victim, "rb").read() == before and not leftovers(TMP),
       p.stderr.decode(errors="replace")[:200])

# 4. SIGKILL while exporting: the packet is whole or absent.
packet = os.path.join(TMP, "packet.pdf")
t0 = time.monotonic()
p = run("export", base, "-o", packet, "--today", "2025-04-20")
export_time = time.monotonic() - t0
pages = subprocess.run(["pdfinfo", packet], capture_output=True, text=True).stdout
expected = [l for l in pages.splitlines() if l.startswith("Pages:")]
ok("an undisturbed export writes the packet", p.returncode == 0 and expected, p.stderr[:200])
partial = []
for i in range(max(10, KILLS // 5)):
    if os.path.exists(packet):
        os.unlink(packet)
    proc = subprocess.Popen([CLI, "export", base, "-o", packet, "--today", "2025-04-20"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, export_time * 1.1))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if os.path.exists(packet):
        info = subprocess.run(["pdfinfo", packet], capture_output=True, text=True).stdout
        if [l for l in info.splitlines() if l.startswith("Pages:")] != expected:
            partial.append(i)
ok("a killed export never leaves a partial packet under the output name", not partial,
   f"partial after kills {partial[:10]}")
p = run("export", base, "-o", packet, "--today", "2025-04-20")
stale = [f for f in os.listdir(TMP) if f.startswith(".packet.pdf.")]
ok("the next export removes what killed exports left", p.returncode == 0 and not stale, str(stale))

# 5. The folder is gone.
gone = os.path.join(TMP, "gone", "x.shenbao")
p = run("new", "-o", gone)
ok("saving into a folder that does not exist fails with a message",
   p.returncode != 0 and b"gone" in p.stderr and not os.path.exists(gone))

# 6. A real read-only folder and a real full disk: a tmpfs mounted in a
# private user and mount namespace (no root needed, nothing outside sees
# it). Skipped where the kernel or container allows no such namespace.
IN_MOUNT = r"""
mnt=$1 base=$2 cli=$3 big=$4 mode=$5 size=$6
mount -t tmpfs -o size="$size" tmpfs "$mnt" || exit 99
cp "$base" "$mnt/x.shenbao" || exit 98
before=$(sha256sum "$mnt/x.shenbao")
[ "$mode" = ro ] && { mount -o remount,ro "$mnt" || exit 97; }
out=$("$cli" attach "$mnt/x.shenbao" --category innovation "$big" 2>&1)
echo "EXIT $?"
[ "$before" = "$(sha256sum "$mnt/x.shenbao")" ] && echo "SAME yes"
echo "LEFT $(ls -A "$mnt" | grep -c saving)"
echo "MSG $out"
"""
mnt = os.path.join(TMP, "mnt")
os.mkdir(mnt)
probe = subprocess.run(["unshare", "-rm", "sh", "-c", 'mount -t tmpfs tmpfs "$1"', "sh", mnt],
                       capture_output=True)
if probe.returncode != 0:
    print("# read-only and small-disk mounts skipped: no user mount namespace here")
else:
    base_size = os.path.getsize(base)
    for mode, size, what in (("ro", "16m", "a read-only folder"),
                             ("rw", str(base_size + 65536), "a disk that really fills up")):
        p = subprocess.run(["unshare", "-rm", "sh", "-c", IN_MOUNT, "sh",
                            mnt, base, CLI, big, mode, size], capture_output=True, text=True)
        lines = dict(l.split(" ", 1) for l in p.stdout.splitlines() if " " in l)
        ok(f"{what}: exit 1 with a message naming the file",
           lines.get("EXIT") == "1" and "x.shenbao" in p.stdout, p.stdout[-300:] + p.stderr[-200:])
        ok(f"{what}: the old file is intact and nothing is left behind",
           lines.get("SAME") == "yes" and lines.get("LEFT") == "0", p.stdout[-300:])

print(f"1..{len(results)}")
for i, (name, good, detail) in enumerate(results, 1):
    print(f"{'ok' if good else 'not ok'} {i} - {name}")
    if not good and detail:
        print("# " + detail.replace("\n", "\n# "))
shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(g for _, g, _ in results) else 1)
