# The README -> docs/ move of issue 24 item 7, re-runnable on a README that others edited meanwhile.
# Usage, from the repository root: python3 PATH/assemble.py PATH/pages.py OLD_README.md
# writes docs/*.md from the old README's sections (found by their first lines, see pages.py), with the
# link and path fixes of FIX; warns about headings it did not know and lines that land nowhere.
# Builds docs/*.md from line ranges of the old README (verbatim moves; headings re-levelled).
import re, sys, pathlib
HERE = pathlib.Path(__file__).resolve().parent
root = pathlib.Path.cwd()  # run from the repository root
old = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else str(HERE / 'README.old.md')).read_text().split('\n')
def L(a, b):  # 1-based inclusive
    return old[a-1:b]
def S(start, end):
    # the old README's lines from the one starting with `start` up to (not including) the one starting with `end`
    def find(prefix, after):
        hits = [i for i, l in enumerate(old) if l.startswith(prefix) and i >= after]
        if len(hits) != 1:
            raise SystemExit(f'{len(hits)} lines start with {prefix!r} in the old README (after line {after + 1})')
        return hits[0]
    i = find(start, 0)
    j = find(end, i + 1) if end is not None else len(old)
    covered.update(range(i, j))
    return old[i:j]
covered = set()
# The old README's lines that stay in README.md (written by hand there) or are dropped on purpose:
# the introduction, quick start and batch flow; the "## Commands" heading (operations.md has its own);
# the "Writing a bundle: see ..." pointer (the section is on the same page now); "## Development".
KEPT = [('# Rewire', '## Commands'), ('## Commands', '`./rewire --help` and'),
        ('**Writing a bundle**: see [Wri', '## Writing a bundle'), ('## Development', '`mvn verify` runs unit tests i')]
def relevel(lines, delta):
    out = []
    fence = False
    for l in lines:
        if l.startswith('```'):
            fence = not fence
        if not fence and re.match(r'^#+ ', l):
            n = len(l) - len(l.lstrip('#'))
            l = '#' * max(1, n + delta) + l[n:]
        out.append(l)
    return out
pages = {}
def page(name, *parts):
    text = []
    for p in parts:
        if isinstance(p, str) and p.startswith('#') and '\n' not in p:
            text.extend(['', p, ''])
        elif isinstance(p, str):
            text.extend([''] + p.split('\n') + [''])
        else:
            text.extend([''] + list(p) + [''])
    s = '\n'.join(text)
    s = re.sub(r'\n{3,}', '\n\n', s).strip('\n') + '\n'
    pages[name] = s
exec(open(sys.argv[1] if len(sys.argv) > 1 else str(HERE / 'pages.py')).read())
OLD_ROW = "| `runtime/` | the host: Guice wiring (`RewireModule`), embedded Felix (`osgi/`; `ConfigFolder` checks and applies the deploy folder's `.cfg` files), the Drools engine (`policy/`), the scoring pipeline (`pipeline/`: `BatchPipeline` runs one class per stage, `JudgeStage` -> `PolicyStage` -> `TermEvaluator` -> `ScoreStage` -> `Assembler` -> `CheckWindow`, over a `RouteTable`; `EveryDeployed` is the one isolated call of every deployed filter or check; `DecodingReader` and `BatchWriter` run decoding and encoding on threads of their own; `TermPace` is the rate-aware quarantine; `BundleCalls` runs every bundle call and reclaims a quarantined one's thread), `EmbeddedRewire` (the host in a JUnit test), the reward server (`serve/`: HTTP, one class per protocol, micro-batcher, metrics), preference pairs (`pairs/`), reports and traces (`report/`), policy diffs (`diff/`), shadow policies and their promotion (`shadow/`), the CLI (`cli/`: `ExitGuard` is the process's one way out, `FileRoles` checks every command's outputs against its inputs); `runtime/target/rewire/` is the distribution |"
NEW_ROWS = "| `runtime/host` | `rewire-host`, `dev.rewire.runtime.host`: the started host, `RewireRuntime` (starts every part in order and closes what it started when a later part fails; `RewireModule` binds the started parts for constructor injection), embedded Felix (`.osgi`: `FelixHost`, the `ServiceCatalog`s; `ConfigFolder` checks and applies the deploy folder's `.cfg` files), the Drools engine (`.policy`: compile, cache, decide), DJL (`.djl`), `BundleCalls` (runs every bundle call and reclaims a quarantined one's thread) |\n| `runtime/io` | `rewire-io`, `dev.rewire.runtime.io`: line reading (`Utf8Lines`, `JsonlReader`), `DecodingReader` and `BatchWriter` (decoding and encoding on threads of their own), record codecs (`RecordEncoder`, `ScoredRecordReader`), `DatasetWriter` (the TRL datasets of `pairs`), rejects (`RejectSink`) |\n| `runtime/engine` | `rewire-engine`, `dev.rewire.runtime.engine`: the scoring pipeline: `BatchPipeline` runs one class per stage, `JudgeStage` -> `PolicyStage` -> `TermEvaluator` -> `ScoreStage` -> `Assembler` -> `CheckWindow`, over a `RouteTable`; `EveryDeployed` is the one isolated call of every deployed filter or check; `TermPace` is the rate-aware quarantine; `Checkpoint` is what `--resume` goes on from; preference pairs (`.pairs`), policy diffs (`.diff`), shadow policies and their promotion (`.shadow`) |\n| `runtime/pages` | `rewire-pages`, `dev.rewire.runtime.pages`: reports and traces (HTML, JSON, SVG charts), the diff and pairs pages |\n| `runtime/apps` | `rewire-apps`, `dev.rewire.runtime.apps`: the runs of the commands (`ScoreRun`) |\n| `runtime/serve` | `rewire-serve`, `dev.rewire.runtime.serve`: the reward server: HTTP (`RewardServer`), one class per protocol, micro-batcher, metrics |\n| `runtime/cli` | `rewire-cli`, `dev.rewire.runtime.cli`: the CLI: `ExitGuard` is the process's one way out, `FileRoles` checks every command's outputs against its inputs |\n| `runtime/embedded` | `rewire-embedded`, `dev.rewire.runtime.embedded`: `EmbeddedRewire`, the host in a JUnit test |\n| `runtime/dist` | `rewire-dist`: the distribution, `runtime/dist/target/rewire/` (`lib/`, `system/`, `bundles/`, `policy/`, `promotion/`) |"
FIX = {
 'pairs-method.md': [('(`runtime/pairs/TypeModel`)', '(`dev.rewire.runtime.engine.pairs.TypeModel`)')],
 'all': [('](#terms-in-python)', '](python-terms.md)'), ('](#groups)', '](trainer-integration.md#groups)'),
         ('](#shadow-policies-promotion-and-rollback)', '](rule-authors.md#shadow-policies-promotion-and-rollback)'),
         ('](examples/', '](../examples/'), ('](clients/', '](../clients/'),
         ('runtime/target/rewire', 'runtime/dist/target/rewire')],
 'bundle-authors.md': [('rewire-testkit, rewire-runtime, rewire-term-archetype', 'rewire-testkit, rewire-embedded, rewire-term-archetype'),
                       ('(`dev.rewire.runtime.EmbeddedRewire` in `rewire-runtime`, test scope)', '(`dev.rewire.runtime.embedded.EmbeddedRewire` in `rewire-embedded`, test scope)'),('(see Failure behaviour)', '(see [Failure behaviour](failure-behaviour.md))')],
 'development.md': [(OLD_ROW.replace('runtime/target/rewire', 'runtime/dist/target/rewire'), NEW_ROWS), ('see Writing a bundle', 'see [bundle-authors.md](bundle-authors.md)'),
                    ('faults of the Failure behaviour table', 'faults of the [Failure behaviour](failure-behaviour.md) table')],
 'failure-behaviour.md': [('In `serve`: see Supervision', 'In `serve`: see [Supervision](operations.md#signals-shutdown-and-supervision)')],
 'operations.md': [('(see `rewire check`', '(see [`rewire check`](checks-and-reports.md#rewire-check)'),
                   ('(see below)', '(see [Micro-batching](trainer-integration.md#micro-batching))')],
 'python-terms.md': [('(see Configuration)', '(see [Configuration](rule-authors.md#configuration))')],
 'trainer-integration.md': [('(see Policy)', '(see [Policy](rule-authors.md#policy))')],
}
for a, b in KEPT:
    S(a, b)
known = {l for l in pathlib.Path(str(HERE / 'README.old.md')).read_text().split('\n') if l.startswith('#')}
for i, l in enumerate(old):
    if l.startswith('#') and l not in known and i in covered:
        print(f'new heading at old line {i + 1}, {l!r}: it went with the section before it; move it in pages.py if that is wrong')
uncovered = [i + 1 for i, l in enumerate(old) if l.strip() and i not in covered]
if uncovered:
    print('lines of the old README that land nowhere (new sections? give them a page in pages.py):', uncovered)
for name in list(pages):
    s = pages[name]
    for a, b in FIX['all'] + FIX.get(name, []):
        if name == 'trainer-integration.md' and a == '](#groups)':
            continue
        s = s.replace(a, b)
    for a, b in FIX.get(name, []):
        assert b in s, (name, a)
    pages[name] = s
for name, s in pages.items():
    (root / 'docs' / name).write_text(s)
    print(name, s.count('\n'))
