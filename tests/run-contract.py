#!/usr/bin/env python3
"""Runs ../shared/contract/check-cli when it is there; skips (77) when not."""
import os, subprocess, sys

contract, cli, sample = sys.argv[1:4]
if not os.path.exists(contract):
    print(f"skipped: no {contract}")
    sys.exit(77)
sys.exit(subprocess.call([sys.executable, contract, cli, sample]))
