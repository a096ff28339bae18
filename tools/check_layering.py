#!/usr/bin/python3
"""Checks tocsin's module layering (shared/DESIGN.md, "Modules").

Rules, for every source file under src/<module>/:
  * `#include "<other>/..."` may name only a module of a LOWER layer than the
    file's own module (same module is fine). Peers in one layer may not
    include each other; in particular a channel (notify/<channel>) never
    includes another channel, and dispatch never includes a channel.
  * Another module's private code (`<other>/internal/...`) is never included.
  * Every folder under src/ must be a module of the table below.

Modules are the first path component under src/, except:
  * notify/<channel>/ (a channel of CHANNELS below) is the module
    "notify/<channel>" (layer 5); every other folder under notify/ (pipeline,
    nflog, channel_config, internal, testing, ...) belongs to "notify".
  * store/<backend>/ (a backend of STORE_BACKENDS) is the module
    "store/<backend>" (layer 6); other folders under store/ (testing, the
    shared conformance suite) belong to "store", which its backends may
    include (a sub-module may include its parent module).

Usage: check_layering.py [SRC_DIR]   (default: src/ next to tools/)
Prints one line per violation and exits 1 if there is any, else prints a
summary and exits 0.
"""

import os
import re
import sys

# module -> layer, copied from shared/DESIGN.md. Keep in sync with it.
LAYERS = {
    "base": 0,
    "metrics": 1, "runtime": 1, "model": 1, "timeinterval": 1,
    "config": 2, "template": 2, "net": 2, "series": 2,
    "tsdb": 3, "promql": 3, "ingest": 3, "alerts": 3, "silence": 3,
    "inhibit": 3, "oncall": 3,
    "rules": 4, "notify": 4, "incident": 4,
    # notify/<channel>: 5 (see module_of)
    "dispatch": 5,
    "store": 6,  # store/<backend>: 6
    "api": 7,
    "server": 8, "cli": 8,
    "main": 9,
}
CHANNEL_LAYER = 5
# Receiver kinds with one library each (Alertmanager's <kind>_configs plus
# tocsin's own); add a new channel here.
CHANNELS = {
    "discord", "email", "incidentio", "jira", "mattermost", "msteams",
    "msteamsv2", "opsgenie", "pagerduty", "pushover", "rocketchat", "slack",
    "sms", "sns", "telegram", "victorops", "voice", "webex", "webhook",
    "wechat",
}
STORE_BACKENDS = {"memory", "sqlite", "postgres"}
SOURCE_EXT = (".h", ".hpp", ".cc", ".cpp", ".inc")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module_of(parts):
    """Module name for a path split into components relative to src/.

    `parts` may be a file's path (last component the file name) or an include
    path. Returns None when the first component is not a folder name.
    """
    if len(parts) < 2:
        return None
    top = parts[0]
    if len(parts) >= 3:
        sub = parts[1]
        if (top == "notify" and sub in CHANNELS) or (
                top == "store" and sub in STORE_BACKENDS):
            return top + "/" + sub
    return top


def layer_of(module):
    if module in LAYERS:
        return LAYERS[module]
    top = module.split("/")[0]
    if top == "notify" and "/" in module:
        return CHANNEL_LAYER
    if top == "store" and "/" in module:
        return LAYERS["store"]
    return None


def check(src_dir):
    violations = []
    files = 0
    includes = 0
    known_tops = set(LAYERS)
    for entry in sorted(os.listdir(src_dir)):
        full = os.path.join(src_dir, entry)
        if os.path.isdir(full) and entry not in known_tops:
            violations.append(
                "src/%s/: folder is not a module of the layer table "
                "(shared/DESIGN.md); add it to tools/check_layering.py" % entry)
    for root, _dirs, names in os.walk(src_dir):
        for name in sorted(names):
            if not name.endswith(SOURCE_EXT):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src_dir).split(os.sep)
            own = module_of(rel)
            if own is None or layer_of(own) is None:
                continue
            files += 1
            own_layer = layer_of(own)
            with open(path, encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE_RE.match(line)
                    if not m:
                        continue
                    inc = m.group(1).split("/")
                    if inc[0] not in known_tops:
                        continue  # same-folder include or a third-party header
                    other = module_of(inc)
                    if other is None:
                        continue
                    includes += 1
                    where = "src/%s:%d" % ("/".join(rel), lineno)
                    if other == own:
                        continue
                    if "internal" in inc[1:-1]:
                        violations.append(
                            '%s: %s includes "%s", private code of %s' %
                            (where, own, m.group(1), other))
                        continue
                    other_layer = layer_of(other)
                    if other_layer is None:
                        continue
                    if own.startswith(other + "/"):
                        continue  # a sub-module includes its parent
                    if other_layer >= own_layer:
                        kind = "a peer" if other_layer == own_layer else "a higher"
                        violations.append(
                            '%s: %s (layer %d) includes "%s" of %s module %s '
                            "(layer %d)" % (where, own, own_layer, m.group(1),
                                            kind, other, other_layer))
    return violations, files, includes


def main(argv):
    if len(argv) > 1:
        src_dir = argv[1]
    else:
        src_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               os.pardir, "src")
    src_dir = os.path.normpath(src_dir)
    if not os.path.isdir(src_dir):
        print("check_layering: no such folder: %s" % src_dir)
        return 2
    violations, files, includes = check(src_dir)
    for v in violations:
        print(v)
    if violations:
        print("check_layering: %d violation(s) in %d files" %
              (len(violations), files))
        return 1
    print("check_layering: OK (%d files, %d module includes checked)" %
          (files, includes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
