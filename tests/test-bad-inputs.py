#!/usr/bin/env python3
"""shenbao-cli against hostile inputs: tests/data/bad/ is refused cleanly. TAP.

For every file there and every command that reads it, in a fresh folder:
the documented exit code (2: the input cannot be read; 1: check found
errors, or an attachment or export was refused), a short message on
stderr without a crash report, nothing written anywhere but the expected
output, at most 1 GiB of address space (not under sanitizers, which
reserve terabytes; there the time bound alone holds) and 60 seconds.
tests/data/bad/README.md says what each file is; EXPECT below is the
same in code. A few inputs git cannot hold (a named pipe, /dev/zero) are
made here.
"""
import hashlib
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import time

CLI = os.environ["SHENBAO_CLI"]
ROOT = os.environ["SHENBAO_SOURCE_ROOT"]
BAD = os.path.join(ROOT, "tests", "data", "bad")
GOOD_PROOF = os.path.join(ROOT, "tests", "data", "proofs", "a4.pdf")
SANITIZED = os.environ.get("SHENBAO_SANITIZED", "none") not in ("", "none")
TIME_LIMIT = 60
MEMORY_LIMIT = 1 << 30
PARALLEL = 2
CATEGORY = "qualification"
FORBIDDEN = ("CRITICAL", "WARNING **", "Segmentation", "AddressSanitizer", "LeakSanitizer",
             "runtime error:", "Aborted", "core dumped", "Traceback")
ESCAPED = "shenbao-escaped.txt"  # what the path-like entry names would write

# ---------------------------------------------------------------- expectations
#
# A command's expectation is (exit code, text): the text must be in stderr,
# or for check with exit 1 in its report on stdout. None: no text asked.


def unreadable(text, commands):
    return {command: (2, text) for command in commands}


SAVED = ("check", "dump", "attach", "export")
JSON = ("check", "dump", "import")


def saved_unreadable(text):
    return unreadable(text, SAVED)


def json_unreadable(text):
    return unreadable(text, JSON)


def saved_loads(check, export=(0, None)):
    """Read; the attachment's bytes (if bad) are refused when used."""
    return {"check": check, "dump": (0, None), "attach": (0, None), "export": export}


def json_loads():
    return {"check": (1, "[required]"), "dump": (0, None), "import": (0, None),
            "export": (0, None)}


NOT_SHENBAO = "is not a Shenbao file, or it is damaged"
EXPECT = {
    # Saved files (*.shenbao).
    "ok-minimal.shenbao": saved_loads((1, "[required]")),
    "not-zip.shenbao": saved_unreadable(NOT_SHENBAO),
    "empty.shenbao": saved_unreadable(NOT_SHENBAO),
    "truncated.shenbao": saved_unreadable(NOT_SHENBAO),
    "truncated-end.shenbao": saved_unreadable(NOT_SHENBAO),
    "mimetype-wrong.shenbao": saved_unreadable("its type is not “application/x-shenbao”"),
    "mimetype-missing.shenbao": saved_unreadable("does not start with “mimetype”"),
    "mimetype-not-first.shenbao": saved_unreadable("does not start with “mimetype”"),
    "json-missing.shenbao": saved_unreadable("it holds no “submission.json”"),
    "json-invalid.shenbao": saved_unreadable("is not valid JSON"),
    "json-deep.shenbao": saved_unreadable("nested too deeply"),
    "json-deep-in-field.shenbao": saved_unreadable("nested too deeply"),
    "json-not-utf8.shenbao": saved_unreadable("not valid UTF-8"),
    "json-not-submission.shenbao": saved_unreadable("This is not a Shenbao submission"),
    "bomb-1gib.shenbao": saved_unreadable("is too large ("),
    "bomb-declared-1gib.shenbao": saved_unreadable("is too large ("),
    "bomb-json-lying-size.shenbao": saved_unreadable(
        "entry “submission.json” does not hold the size it declares"),
    "bomb-attachment-lying-size.shenbao": saved_loads(
        (1, "does not hold the size it declares"), (1, "does not hold the size it declares")),
    "entry-dotdot.shenbao": saved_unreadable("unexpected entry “../shenbao-escaped.txt”"),
    "entry-absolute.shenbao": saved_unreadable("unexpected entry “/tmp/shenbao-escaped.txt”"),
    "entry-attachment-dotdot.shenbao": saved_unreadable(
        "unexpected entry “attachments/../../shenbao-escaped.txt”"),
    "entry-name-not-utf8.shenbao": saved_unreadable("unexpected entry “attachments/\ufffd\ufffd"
                                                    "\\u001B[31maaaa"),
    "entry-name-chinese.shenbao": saved_unreadable("unexpected entry “附件/营业执照.pdf”"),
    "entry-name-nul.shenbao": saved_unreadable("unexpected entry “submission.json"),
    "duplicate-json.shenbao": saved_unreadable("entry “submission.json” appears twice"),
    "duplicate-attachment.shenbao": saved_unreadable("appears twice"),
    "attachment-hash-mismatch.shenbao": saved_loads(
        (1, "do not match their hash"), (1, "do not match their hash")),
    # Saving after attach copies the damaged entry, and libzip stops at its CRC.
    "attachment-bad-crc.shenbao": dict(saved_loads(
        (1, "does not match its checksum"), (1, "does not match its checksum")),
        attach=(1, "Could not save")),
    "attachment-missing.shenbao": saved_unreadable("attachment “scan.pdf” is missing from it"),
    "attachment-sha-dotdot.shenbao": saved_unreadable("attachment “scan.pdf” is missing from it"),
    "attachment-symlink.shenbao": saved_loads(
        (1, "is not a PDF, JPEG or PNG file"), (1, "It is neither a PDF nor a JPEG or PNG")),
    "attachment-encrypted.shenbao": saved_unreadable("holds an encrypted entry"),
    "attachment-title-list.shenbao": saved_unreadable("the “title” of attachment 1 is not text"),
    "attachment-bzip2.shenbao": saved_unreadable("in an unsupported compression"),
    "field-10mb.shenbao": saved_loads((1, "[too-long]")),
    "attachments-2000.shenbao": saved_loads(
        (1, "is not a PDF, JPEG or PNG file"), (1, "It is neither a PDF nor a JPEG or PNG")),
    "entries-20000.shenbao": saved_unreadable("it holds too many entries"),

    # Interchange JSON (*.json).
    "ok-minimal.json": json_loads(),
    "field-values-wrong-types.json": json_loads(),
    "not-json.json": json_unreadable("is not valid JSON"),
    "empty.json": json_unreadable("This is not a Shenbao submission"),
    "json-truncated.json": json_unreadable("is not valid JSON"),
    "root-array.json": json_unreadable("This is not a Shenbao submission"),
    "root-string.json": json_unreadable("This is not a Shenbao submission"),
    "deep.json": json_unreadable("nested too deeply"),
    "deep-objects.json": json_unreadable("nested too deeply"),
    "deep-in-field.json": json_unreadable("nested too deeply"),
    "not-utf8.json": json_unreadable("not valid UTF-8"),
    "utf16.json": json_unreadable("not valid UTF-8"),
    "template-unknown.json": json_unreadable("There is no built-in template “no-such-template”"),
    "type-format-number.json": json_unreadable("This is not a Shenbao submission"),
    "type-format-missing.json": json_unreadable("This is not a Shenbao submission"),
    "type-format-list.json": json_unreadable("This is not a Shenbao submission"),
    "type-version-string.json": json_unreadable("“version” has the wrong type"),
    "type-version-bool.json": json_unreadable("“version” has the wrong type"),
    "type-version-list.json": json_unreadable("“version” has the wrong type"),
    "type-version-2.json": json_unreadable("written by a newer version"),
    "type-template-number.json": json_unreadable("“template” has the wrong type"),
    "type-template-list.json": json_unreadable("“template” has the wrong type"),
    "type-fields-list.json": json_unreadable("“fields” has the wrong type"),
    "type-fields-string.json": json_unreadable("“fields” has the wrong type"),
    "type-taskbooks-object.json": json_unreadable("“taskbooks” has the wrong type"),
    "type-taskbooks-strings.json": json_unreadable("entry 1 of “taskbooks” is not an object"),
    "type-taskbook-direction-number.json": json_unreadable("task book 1 has no direction"),
    "type-taskbook-fields-list.json": json_unreadable("task book 1 has no direction"),
    "type-attachments-string.json": json_unreadable("“attachments” has the wrong type"),
    "type-attachments-numbers.json": json_unreadable(
        "entry 1 of “attachments” is not an object"),
    "type-attachment-no-sha256.json": json_unreadable("attachment 1 has no “sha256”"),
    "type-attachment-name-number.json": json_unreadable("attachment 1 has no “name”"),
    "type-attachment-title-list.json": json_unreadable("the “title” of attachment 1 is not text"),
    "type-acknowledged-string.json": json_unreadable("“acknowledged” has the wrong type"),
}
# An attachment name that is a path: dump only prints the JSON; check
# cannot read the attachment (2), import refuses it (1).
for name, path in (("dotdot", "../../../../etc/passwd"), ("absolute", "/etc/passwd"),
                   ("dotdot-inside", "proofs/../../secret.pdf")):
    text = "Attachment name “%s” must be a file name inside the attachments folder" % path
    EXPECT["attachment-name-%s.json" % name] = {
        "check": (2, text), "dump": (0, None), "import": (1, text)}

# Proofs: attached to a copy of a valid saved file. Refused (1, the saved
# file unchanged), or taken, and then checked and exported like any.
TAKEN = {"attach": (0, None), "check": (1, None), "export": (0, None)}
PROOFS = {
    "proof-png-huge-dimensions.png": {"attach": (1, "is too large an image (100000 × 100000")},
    "proof-jpeg-huge-dimensions.jpg": {"attach": (1, "is too large an image (65500 × 65500")},
    "proof-png-bomb.png": TAKEN,
    "proof-pdf-page-loop.pdf": dict(TAKEN, export=(1, "cannot be printed: The PDF is damaged")),
    "proof-pdf-count-lies.pdf": {"attach": (1, "has no pages")},
    "proof-pdf-deep-nesting.pdf": TAKEN,
    "proof-pdf-zero-mediabox.pdf": dict(TAKEN, check=(1, "[not-a4]")),
    "proof-pdf-image-huge.pdf": TAKEN,
    "proof-pdf-content-bomb.pdf": TAKEN,
}
EXPECT.update(PROOFS)

# Not stuck, but too close to the bounds to be a stable test: the packet
# lays out all 10 MB of text (14 to 42 s and 600 MB here, 270 s under ASan).
SLOW = {("field-10mb.shenbao", "export"): "the packet lays out all 10 MB of text: 600 MB, 14-42 s"}

# Made here: git holds neither a named pipe nor a device.
SPECIAL = ("fifo", "dev-zero")

# ---------------------------------------------------------------- running

results = []


def ok(name, good, detail=""):
    results.append((name, bool(good), detail))


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def child_env(home):
    env = dict(os.environ)
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "",
                "XDG_CACHE_HOME": os.path.join(home, "cache"),
                "XDG_DATA_HOME": os.path.join(home, "data"),
                "XDG_CONFIG_HOME": os.path.join(home, "config"),
                "TMPDIR": os.path.join(home, "tmp")})
    if SANITIZED:
        env["LSAN_OPTIONS"] = env.get("LSAN_OPTIONS", "") + ":print_suppressions=0"
    return env


def snapshot(top):
    """Every path under top: kind, size, content hash or link target."""
    found = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, top)
            if stat.S_ISLNK(st.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    found[rel] = ("file", st.st_size, hashlib.sha256(f.read()).hexdigest())
            elif stat.S_ISDIR(st.st_mode):
                found[rel] = ("dir",)
            else:
                found[rel] = ("special", stat.S_IFMT(st.st_mode))
    return found


BLOBS = os.path.join("home", "cache", "shenbao", "blobs")


def unexpected_writes(before, after, allowed):
    """What changed besides the allowed paths and verified cache blobs."""
    wrong = []
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) == after.get(rel) or rel in allowed:
            continue
        if rel in (os.path.dirname(os.path.dirname(BLOBS)), os.path.dirname(BLOBS), BLOBS):
            if after.get(rel) == ("dir",):
                continue
        # Attachments extracted for check or export, named by their hash.
        entry = after.get(rel)
        if (os.path.dirname(rel) == BLOBS and rel not in before and entry is not None
                and entry[0] == "file" and entry[2] == os.path.basename(rel)):
            continue
        wrong.append("%s: %s -> %s" % (rel, before.get(rel), after.get(rel)))
    return wrong


def message_problems(text):
    """Why stderr is not a short human message, if it is not."""
    problems = [word for word in FORBIDDEN if word in text]
    lines = text.strip("\n").split("\n")
    if not text.strip():
        problems.append("empty")
    elif len(lines) > 3 or len(text) > 1500:
        problems.append("%d lines, %d characters" % (len(lines), len(text)))
    elif not text.startswith("shenbao-cli: "):
        problems.append("does not start with 'shenbao-cli: '")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        problems.append("control characters")
    return problems


class Run:
    """One CLI process, bounded in time and (unsanitized) memory."""

    def __init__(self, args, cwd, env):
        self.out = tempfile.TemporaryFile()
        self.err = tempfile.TemporaryFile()
        self.start = time.monotonic()
        self.proc = subprocess.Popen([CLI, *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.out, stderr=self.err,
                                     preexec_fn=None if SANITIZED else limit_memory)
        self.code = None
        self.timed_out = False
        self.rss = 0

    def poll(self):
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            if time.monotonic() - self.start > TIME_LIMIT:
                self.proc.kill()
                self.timed_out = True
                pid, status, usage = os.wait4(self.proc.pid, 0)
            else:
                return False
        self.code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.code
        self.rss = usage.ru_maxrss // 1024
        self.seconds = time.monotonic() - self.start
        self.out.seek(0)
        self.err.seek(0)
        self.stdout = self.out.read()
        self.stderr = self.err.read().decode("utf-8", errors="replace")
        self.out.close()
        self.err.close()
        return True


def verify(name, run, expect, before, after, allowed):
    code, text = expect
    problems = []
    if run.timed_out:
        problems.append("still running after %d s: killed" % TIME_LIMIT)
    elif run.code != code:
        problems.append("exit %s, not %d" % (run.code, code))
    if code == 0 or (code == 1 and name.endswith(": check")):
        problems += [word for word in FORBIDDEN if word in run.stderr]
        if run.stderr.strip() and not run.timed_out:
            problems.append("stderr not empty")
    else:
        problems += message_problems(run.stderr)
    if text is not None:
        where = run.stdout.decode("utf-8", "replace") if code == 1 and name.endswith(
            ": check") else run.stderr
        if text not in where:
            problems.append("no %r in the message" % text)
    problems += unexpected_writes(before, after, allowed)
    detail = "exit %s, %.1f s, %d MiB: %s" % (run.code, run.seconds, run.rss,
                                              run.stderr.strip()[:300])
    ok(name, not problems, "; ".join(problems) + ("\n" if problems else "") + detail)


class Case:
    """A fresh folder holding one input; its commands run one after another.
    Its folder's parent is the case's own, so a write next to the input,
    or above it, shows in the listing."""

    count = 0

    def __init__(self, base, label):
        Case.count += 1
        self.top = os.path.join(base, "cases", "%03d" % Case.count)
        self.work = os.path.join(self.top, "work")
        self.home = os.path.join(self.top, "home")
        for folder in (self.work, os.path.join(self.home, "tmp")):
            os.makedirs(folder)
        self.label = label
        self.env = child_env(self.home)

    def steps(self):
        """Yields (name, args, expect, allowed paths); sent each Run."""
        raise NotImplementedError


class FileCase(Case):
    """One command on a copy of one file of tests/data/bad/."""

    def __init__(self, base, name, command, expect, base_saved):
        super().__init__(base, name)
        self.name, self.command, self.expect = name, command, expect
        self.base_saved = base_saved
        shutil.copy(os.path.join(BAD, name), self.work)
        if command == "attach":
            shutil.copy(GOOD_PROOF, self.work)

    def steps(self):
        rel = os.path.join("work", self.name)
        code = self.expect[0]
        if self.command == "check":
            yield ("check", [self.command, self.name], {})
        elif self.command == "dump":
            yield ("dump", ["dump", self.name], {})
        elif self.command == "attach":
            yield ("attach", ["attach", self.name, "--category", CATEGORY, "a4.pdf"],
                   {rel} if code == 0 else set())
        elif self.command == "import":
            yield ("import", ["import", self.name, "-o", "out.shenbao"],
                   {os.path.join("work", "out.shenbao")} if code == 0 else set())
        elif self.command == "export":
            yield ("export", ["export", "--draft", self.name, "-o", "packet.pdf"],
                   {os.path.join("work", "packet.pdf")} if code == 0 else set())


class ProofCase(Case):
    """A proof attached to a copy of a valid saved file; if taken, the
    result checked and exported."""

    def __init__(self, base, name, expect, base_saved):
        super().__init__(base, name)
        self.name, self.expect = name, expect
        shutil.copy(base_saved, os.path.join(self.work, "submission.shenbao"))
        path = os.path.join(self.work, name)
        if name == "fifo":
            os.mkfifo(path)
        elif name == "dev-zero":
            os.symlink("/dev/zero", path)
        else:
            shutil.copy(os.path.join(BAD, name), path)

    def steps(self):
        saved = os.path.join("work", "submission.shenbao")
        code = self.expect["attach"][0]
        yield ("attach", ["attach", "submission.shenbao", "--category", CATEGORY, self.name],
               {saved} if code == 0 else set())
        if code == 0:
            yield ("check", ["check", "submission.shenbao"], set())
            yield ("export", ["export", "--draft", "submission.shenbao", "-o", "packet.pdf"],
                   {os.path.join("work", "packet.pdf")} if self.expect["export"][0] == 0
                   else set())


class NamedSpecialCase(Case):
    """Interchange JSON naming a pipe or /dev/zero as its attachment."""

    def __init__(self, base, special, command):
        super().__init__(base, "json naming %s" % special)
        self.special, self.command = special, command
        if special == "fifo":
            os.mkfifo(os.path.join(self.work, "scan.pdf"))
        else:
            os.symlink("/dev/zero", os.path.join(self.work, "scan.pdf"))
        with open(os.path.join(self.work, "in.json"), "w") as f:
            f.write('{"format": "shenbao-submission", "version": 1, "template": "sh-2025-agi",'
                    ' "attachments": [{"category": "%s", "name": "scan.pdf", "sha256": ""}]}'
                    % CATEGORY)
        text = "“%s” is not a file" % os.path.join(self.work, "scan.pdf")
        self.expect = {"check": (2, text), "import": (1, text)}[command]

    def steps(self):
        if self.command == "check":
            yield ("check", ["check", "in.json"], set())
        else:
            yield ("import", ["import", "in.json", "-o", "out.shenbao"], set())


def drive(cases):
    """Runs the cases, PARALLEL processes at a time, in one thread (the
    memory limit is set between fork and exec)."""
    active = []
    pending = list(cases)
    while pending or active:
        while pending and len(active) < PARALLEL:
            case = pending.pop(0)
            state = {"case": case, "steps": case.steps()}
            if advance(state):
                active.append(state)
        time.sleep(0.02)
        for state in list(active):
            run = state["run"]
            if not run.poll():
                continue
            case = state["case"]
            after = snapshot(case.top)
            name = "%s: %s" % (case.label, state["step"][0])
            expect = state["expect"]
            verify(name, run, expect, state["before"], after, state["step"][2])
            if run.timed_out or run.code != expect[0] or not advance(state):
                active.remove(state)


def advance(state):
    """Starts the case's next command; False when there is none."""
    case = state["case"]
    try:
        step = next(state["steps"])
    except StopIteration:
        return False
    command, args, allowed = step
    if isinstance(case, FileCase):
        expect = case.expect
    elif isinstance(case, ProofCase):
        expect = case.expect[command]
    else:
        expect = case.expect
    state.update(step=(command, args, allowed), expect=expect, before=snapshot(case.top),
                 run=Run(args, case.work, case.env))
    return True


def main():
    base = tempfile.mkdtemp(prefix="test-bad-inputs.")
    escaped_before = os.path.exists(os.path.join("/tmp", ESCAPED))

    # Every file is described, in EXPECT and in the README.
    files = sorted(f for f in os.listdir(BAD) if f != "README.md")
    readme = open(os.path.join(BAD, "README.md"), encoding="utf-8").read()
    ok("every file of tests/data/bad has an expectation, and every expectation a file",
       set(files) == set(EXPECT),
       "no expectation: %s; no file: %s" % (sorted(set(files) - set(EXPECT)),
                                            sorted(set(EXPECT) - set(files))))
    ok("README.md describes every file", all("`%s`" % f in readme for f in files),
       str([f for f in files if "`%s`" % f not in readme]))

    # The valid saved file proofs are attached to.
    setup = os.path.join(base, "setup")
    os.makedirs(os.path.join(setup, "home", "tmp"))
    base_saved = os.path.join(setup, "base.shenbao")
    p = subprocess.run([CLI, "new", "-o", base_saved], env=child_env(os.path.join(setup, "home")),
                       capture_output=True)
    ok("a new saved file to attach proofs to", p.returncode == 0, p.stderr.decode())

    cases = []
    for name in files:
        if name not in EXPECT:
            continue
        if name in PROOFS:
            cases.append(ProofCase(base, name, PROOFS[name], base_saved))
            continue
        for command, expect in EXPECT[name].items():
            if (name, command) in SLOW:
                results.append(("%s: %s" % (name, command), True, "# SKIP " + SLOW[name, command]))
                continue
            cases.append(FileCase(base, name, command, expect, base_saved))
    for special in SPECIAL:
        cases.append(ProofCase(base, special, {"attach": (1, "is not a file")}, base_saved))
        for command in ("check", "import"):
            cases.append(NamedSpecialCase(base, special, command))
    drive(cases)

    # Nothing escaped the cases' folders, whatever the entry names said.
    stray = [os.path.join(folder, f) for folder, _, names in os.walk(base)
             for f in names if f == ESCAPED]
    ok("no entry name wrote a file anywhere", not stray and (
        escaped_before or not os.path.exists(os.path.join("/tmp", ESCAPED))), str(stray))
    ok("nothing written beside the cases' folders",
       sorted(os.listdir(base)) == ["cases", "setup"], str(os.listdir(base)))

    shutil.rmtree(base)
    print("1..%d" % len(results))
    for i, (name, good, detail) in enumerate(results, 1):
        if detail.startswith("# SKIP"):
            print("ok %d - %s %s" % (i, name, detail))
            continue
        print("%s %d - %s" % ("ok" if good else "not ok", i, name))
        if detail and (not good or os.environ.get("SHENBAO_BAD_VERBOSE")):
            for line in detail.splitlines():
                print("# " + line)
    return 0


sys.exit(main())
