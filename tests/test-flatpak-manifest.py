#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest without building it (that needs network):
it parses, names the app, runs on the GNOME runtime, asks only for the
permissions the app needs, brings what the runtime lacks, and pins every
downloaded source by sha256 or git commit.

Usage: test-flatpak-manifest.py MANIFEST.json APP_ID
Prints TAP."""

import json
import os
import re
import sys

REQUIRED_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
# Files go through the portals; the app needs no network and no host access.
FORBIDDEN_ARGS = [
    re.compile(r"^--filesystem=(home|host|host-os|host-etc|~)([:/].*)?$"),
    re.compile(r"^--socket=x11$"),
    re.compile(r"^--device=all$"),
    re.compile(r"^--share=network$"),
    re.compile(r"^--talk-name=org\.freedesktop\.Flatpak$"),
]
# Not in the GNOME runtime, so built as modules (checked in the runtime's
# freedesktop-sdk and gnome-build-meta element lists).
REQUIRED_MODULES = {"libzip", "qpdf", "poppler"}
SHA256 = re.compile(r"^[0-9a-f]{64}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {what}")
        if not ok and detail:
            for line in str(detail).splitlines():
                print(f"# {line}")

    def done(self):
        print(f"1..{self.n}")
        return 1 if self.failed else 0


def load_modules(modules, base_dir):
    """Flattens nested modules; a string names a module file."""
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            with open(path, encoding="utf-8") as f:
                module = json.load(f)
            yield from load_modules([module], os.path.dirname(path))
            continue
        yield module
        yield from load_modules(module.get("modules", []), base_dir)


def source_problem(source, is_app):
    """Why a source is not pinned, or None."""
    kind = source.get("type")
    if kind in ("archive", "file"):
        url = source.get("url", "")
        if not url:
            return None if source.get("path") else f"{kind} without url or path"
        if not url.startswith("https://"):
            return f"{url} is not https"
        if not SHA256.match(source.get("sha256", "")):
            return f"{url} has no sha256"
        return None
    if kind == "git":
        if source.get("path"):
            return None if is_app else "local git source outside the app module"
        if not COMMIT.match(source.get("commit", "")):
            return f"git {source.get('url')} is not pinned to a commit"
        return None
    if kind in ("dir", "patch", "script", "shell", "inline"):
        if kind == "dir" and not is_app:
            return "a local directory outside the app module"
        return None
    return f"unknown source type {kind!r}"


def main():
    manifest_path, app_id = sys.argv[1], sys.argv[2]
    tap = Tap()

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        tap.check(False, "manifest parses as JSON", e)
        return tap.done()
    tap.check(True, "manifest parses as JSON")

    tap.check(manifest.get("id", manifest.get("app-id")) == app_id, f"app id is {app_id}")
    tap.check(os.path.basename(manifest_path) == app_id + ".json", "file is named after the app id")
    tap.check(manifest.get("runtime") == "org.gnome.Platform"
              and manifest.get("sdk") == "org.gnome.Sdk", "GNOME runtime and SDK")
    version = str(manifest.get("runtime-version", ""))
    tap.check(re.fullmatch(r"[0-9]+", version) is not None and int(version) >= 48,
              f"a stable, current runtime version ({version!r})")
    tap.check(manifest.get("command") == "shenbao", "command is shenbao")

    args = manifest.get("finish-args", [])
    missing = REQUIRED_ARGS - set(args)
    tap.check(not missing, "finish-args give a display and GPU", f"missing: {sorted(missing)}")
    bad = [a for a in args if any(p.match(a) for p in FORBIDDEN_ARGS)]
    tap.check(not bad, "no home, host, network or x11-only permission", f"forbidden: {bad}")
    extra = sorted(set(args) - REQUIRED_ARGS)
    tap.check(not extra, "no permission beyond ipc, wayland, fallback-x11 and dri", f"extra: {extra}")

    try:
        modules = list(load_modules(manifest.get("modules", []), os.path.dirname(manifest_path)))
    except (OSError, ValueError) as e:
        tap.check(False, "module files load", e)
        return tap.done()
    names = [m.get("name") for m in modules]
    tap.check(bool(modules) and names[-1] == "shenbao", "the app is the last module", names)
    tap.check(REQUIRED_MODULES <= set(names), "modules for what the runtime lacks",
              f"missing: {sorted(REQUIRED_MODULES - set(names))}")
    tap.check(bool(modules) and modules[-1].get("buildsystem") == "meson", "the app builds with meson")

    for module in modules:
        is_app = module is modules[-1]
        sources = module.get("sources", [])
        problems = [p for p in (source_problem(s, is_app) for s in sources) if p]
        tap.check(bool(sources) and not problems,
                  f"module {module.get('name')}: every source pinned", "\n".join(problems))

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
