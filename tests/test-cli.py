#!/usr/bin/env python3
"""shenbao-cli end to end: commands, exit codes, messages. TAP output."""
import hashlib, json, os, shutil, subprocess, sys, tempfile

CLI = os.environ["SHENBAO_CLI"]
ROOT = os.environ["SHENBAO_SOURCE_ROOT"]
SAMPLE = os.path.join(ROOT, "data", "samples", "sample-submission.json")
TMP = tempfile.mkdtemp(prefix="test-cli.")
results = []


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([CLI, *args], capture_output=True, env=e)


def ok(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def report(*args):
    p = run("check", *args, "--json")
    try:
        return p.returncode, json.loads(p.stdout)
    except ValueError:
        return p.returncode, None


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# templates, fields
p = run("templates")
ok("templates lists sh-2025-agi", p.returncode == 0 and b"sh-2025-agi" in p.stdout)
p = run("fields", "--json")
fields = json.loads(p.stdout)
ids = [f["id"] for f in fields]
ok("fields --json lists unique ids", len(ids) == len(set(ids)) and "uscc" in ids)
intro = next(f for f in fields if f["id"] == "unit_intro")
ok("单位简介 has max_chars 500", intro["max_chars"] == 500 and intro["label"] == "单位简介")
tb = [f for f in fields if f["per_taskbook"]]
ok("task book fields are per_taskbook", len(tb) == 10 and all(f["document"] == "揭榜任务书" for f in tb))
d = next(f for f in fields if f["id"] == "directions")
ok("directions has five choices", [c["id"] for c in d["choices"]] ==
   ["embodied", "science", "spatial", "swarm", "brain"])
p = run("fields", "--template", "nope", "--json")
ok("fields of an unknown template exits 2", p.returncode == 2 and p.stderr)

# new, check
new = os.path.join(TMP, "new.shenbao")
p = run("new", "-o", new)
ok("new writes a file", p.returncode == 0 and os.path.exists(new))
rc, rep = report(new, "--today", "2025-04-20")
codes = {d["code"] for d in rep["diagnostics"]}
ok("empty submission: exit 1 with required and attachment-missing",
   rc == 1 and {"required", "attachment-missing"} <= codes, str(codes))
ok("counts match", rep["errors"] == sum(d["severity"] == "error" for d in rep["diagnostics"]))
p = run("new")
ok("new without -o exits 2", p.returncode == 2 and p.stderr)

# unreadable inputs
junk = os.path.join(TMP, "junk.shenbao")
open(junk, "wb").write(b"PK\x03\x04 this is not a zip")
badjson = os.path.join(TMP, "bad.json")
open(badjson, "w").write("{\"format\": \"shenbao-submission\", ")
for path in ("/etc/passwd", os.path.join(TMP, "missing.shenbao"), junk, badjson):
    p = run("check", path)
    ok(f"check {os.path.basename(path)} exits 2 with a message", p.returncode == 2 and p.stderr,
       f"exit {p.returncode}")
p = run("check", new, "--today", "2025-13-45")
ok("check with a bad --today exits 2", p.returncode == 2)
p = run("frobnicate")
ok("an unknown command exits 2", p.returncode == 2)

# import the sample, check it clean
sample = os.path.join(TMP, "sample.shenbao")
p = run("import", SAMPLE, "-o", sample)
ok("import of the sample (attachments beside the JSON)", p.returncode == 0,
   p.stderr.decode(errors="replace"))
rc, rep = report(sample, "--today", "2025-04-20")
ok("the sample checks clean on 2025-04-20", rc == 0 and rep["errors"] == 0,
   str([d["code"] for d in (rep or {}).get("diagnostics", [])]))
rc, rep = report(sample, "--today", "2025-05-20")
ok("after the window: a window-closed warning, still exit 0",
   rc == 0 and any(d["code"] == "window-closed" for d in rep["diagnostics"]))
p = run("dump", sample)
dump = json.loads(p.stdout)
orig = json.load(open(SAMPLE))
ok("dump gives back the sample's fields", dump["fields"] == orig["fields"])
ok("dump gives back the task books", dump["taskbooks"] == orig["taskbooks"])
ok("attachments keep name and sha256",
   [(a["name"], a["sha256"]) for a in dump["attachments"]] ==
   [(a["name"], a["sha256"]) for a in orig["attachments"]])
rc, rep = report(SAMPLE, "--today", "2025-04-20")
ok("check reads the interchange JSON directly", rc == 0)

# import errors
broken = json.load(open(SAMPLE))
broken["attachments"][0]["name"] = "no-such-file.pdf"
bj = os.path.join(TMP, "broken.json")
json.dump(broken, open(bj, "w"), ensure_ascii=False)
out = os.path.join(TMP, "broken.shenbao")
p = run("import", bj, "--attachments-dir", os.path.dirname(SAMPLE), "-o", out)
ok("import with a missing attachment fails naming it",
   p.returncode != 0 and b"no-such-file.pdf" in p.stderr and not os.path.exists(out))
broken["attachments"][0]["name"] = "../etc/passwd"
json.dump(broken, open(bj, "w"), ensure_ascii=False)
p = run("import", bj, "-o", out)
ok("import refuses a name outside the folder", p.returncode != 0 and not os.path.exists(out))

# attach: all or nothing
pdf = os.path.join(TMP, "extra.pdf")
shutil.copy(os.path.join(os.path.dirname(SAMPLE), "sample-submission",
                         orig["attachments"][0]["name"]), pdf)
with open(pdf, "ab") as f:
    f.write(b"\n% a different file\n")
before = open(sample, "rb").read()
p = run("attach", sample, "--category", "innovation", pdf, os.path.join(TMP, "absent.pdf"))
ok("attach with one missing file fails and changes nothing",
   p.returncode == 1 and open(sample, "rb").read() == before and b"absent.pdf" in p.stderr)
p = run("attach", sample, "--category", "nope", pdf)
ok("attach to an unknown category fails", p.returncode == 1 and open(sample, "rb").read() == before)
p = run("attach", sample, "--category", "innovation", "--title", "新专利", pdf)
dump = json.loads(run("dump", sample).stdout)
added = [a for a in dump["attachments"] if a["sha256"] == sha256(pdf)]
ok("attach adds the file under its category with its title",
   p.returncode == 0 and len(added) == 1 and added[0]["category"] == "innovation"
   and added[0]["title"] == "新专利")

# export refuses with errors, leaves nothing
packet = os.path.join(TMP, "packet.pdf")
p = run("export", new, "-o", packet)
ok("export refuses a submission with errors (exit 1, no file)",
   p.returncode == 1 and not os.path.exists(packet) and p.stderr)

# translations
zh = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "LC_ALL": ""}
p = run("check", new, "--today", "2025-04-20", env=zh)
text = p.stdout.decode()
ok("LANGUAGE=zh_CN gives Chinese messages", p.returncode == 1 and "必须填写" in text, text[:200])
en = {"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "C.UTF-8"}
p = run("check", new, "--today", "2025-04-20", env=en)
text = p.stdout.decode()
ok("the C locale gives English messages with printed labels",
   "must be filled in" in text and "申报单位名称" in text, text[:200])

print(f"1..{len(results)}")
for i, (name, good, detail) in enumerate(results, 1):
    print(f"{'ok' if good else 'not ok'} {i} - {name}")
    if not good and detail:
        print("# " + detail.replace("\n", "\n# "))
shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(g for _, g, _ in results) else 1)
