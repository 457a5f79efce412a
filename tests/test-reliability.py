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
    """A PDF-looking file of the given size (content sniffing wants %PDF-)."""
    r = random.Random(seed)
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n%" + bytes(r.getrandbits(8) for _ in range(64)) + b"\n")
        f.write(os.urandom(size))
        f.write(b"\n%%EOF\n")


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

# 4. The folder is gone.
gone = os.path.join(TMP, "gone", "x.shenbao")
p = run("new", "-o", gone)
ok("saving into a folder that does not exist fails with a message",
   p.returncode != 0 and b"gone" in p.stderr and not os.path.exists(gone))

print(f"1..{len(results)}")
for i, (name, good, detail) in enumerate(results, 1):
    print(f"{'ok' if good else 'not ok'} {i} - {name}")
    if not good and detail:
        print("# " + detail.replace("\n", "\n# "))
shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(g for _, g, _ in results) else 1)
