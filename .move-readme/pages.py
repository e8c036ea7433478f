NAV = '[Rewire](../README.md) · docs: '
def head(title, who):
    return f"# {title}\n\n{who}\n"

page('operations.md',
 head('Operations: commands, options, metrics, signals, exit codes',
  'For whoever runs Rewire: every option of `rewire score` and `rewire serve`, what the server exposes to\n'
  'monitoring (health, readiness, Prometheus metrics, the Grafana dashboard), what signals do, and what each\n'
  'exit status means. How trainers call the server is in [trainer-integration.md](trainer-integration.md);\n'
  'what a fault does, in [failure-behaviour.md](failure-behaviour.md).'),
 '## Commands', S('`./rewire --help` and `./rewir', '### `rewire score`'),
 '''
| command | what | where it is described |
|---|---|---|
| `rewire score` | score a file or a pipe | [below](#rewire-score) |
| `rewire serve` | the reward server trainers call | [below](#rewire-serve), [trainer-integration.md](trainer-integration.md) |
| `rewire pairs` | weigh preference pairs, genuine against noise | [pairs-method.md](pairs-method.md) |
| `rewire check` | run the checks over scored output or any evaluation output; the report | [checks-and-reports.md](checks-and-reports.md#rewire-check) |
| `rewire explain` | one sample's whole story from the scored file | [checks-and-reports.md](checks-and-reports.md#rewire-explain) |
| `rewire diff` | what a policy or bundle change does to rewards, before it goes live | [rule-authors.md](rule-authors.md#rewire-diff) |
| `rewire bundles` | the bundles and services the host runs | [below](#rewire-bundles) |
''',
 relevel(S('### `rewire score`', '**Protocols**, each checked ag'), -1),
 '''The protocols, groups, micro-batching, live changes, gates and status codes are in
[trainer-integration.md](trainer-integration.md).
''',
 '## Observability', S('**Observability.** `GET /healt', "**The trainer's step** comes a"),
 '## Signals, shutdown and supervision', S('**Shutdown.** SIGTERM or SIGIN', '### `rewire pairs`'),
 relevel(S('### `rewire bundles`', '## Formats'), -1),
 '''## Exit codes

Every command's exit status, in one place (each command's section says when it gives which):

| status | meaning | commands |
|---|---|---|
| `0` | success | all |
| `1` | failure: the host could not start (a policy that does not compile, a bad `.cfg` value at start), an I/O error, input that could not be read to its end, `System.exit` called by something other than the run, an `Error`; `serve`: the micro-batcher died past its restarts | all |
| `2` | usage error (a bad option; an output option that names an input file; two outputs naming one file; `explain`: no readable record has the id; `check`: input in neither format) | all |
| `3` | finished, but some records were rejected (in the rejects file) | `score`, `pairs`, `check` |
| `4` | a policy rule blocked a batch | `score` |
| `5` | a check failed over the whole run, or the baseline comparison flagged a regression | `check` |
| `6` | a `--fail-if` threshold was crossed | `diff` |
''',
 S('## GPU', '## Layout'),
)

page('trainer-integration.md',
 head('Trainer integration: `rewire serve`, protocols, clients',
  'For whoever connects a trainer to Rewire: the input a sample carries and the record that comes back, the\n'
  'protocols `rewire serve` speaks (OpenRLHF, slime, NeMo Gym, `/v1/score`), the Python clients for TRL and\n'
  'veRL under [`clients/python`](../clients/python/README.md), how samples are grouped, and what the server\n'
  'answers when something is wrong. Start the server as [the README](../README.md#rewire-serve-in-one-screen)\n'
  'shows; every option is in [operations.md](operations.md#rewire-serve), and its metrics and signals are there too.'),
 '## Protocols', S('**Protocols**, each checked ag', '**TRL and veRL** call Python f'),
 '## TRL and veRL', S('**TRL and veRL** call Python f', '**Micro-batching.** Concurrent'),
 '## Micro-batching', S('**Micro-batching.** Concurrent', '#### Groups'),
 relevel(S('#### Groups', "**OpenRLHF's dynamic filtering"), -2),
 S("**OpenRLHF's dynamic filtering", '**Live changes.** Bundle jars '),
 '## Live changes', S('**Live changes.** Bundle jars ', '**Checks and gates.** Checks m'),
 '## Checks and gates', S('**Checks and gates.** Checks m', '**Status codes.** 200 scored; '),
 '## Status codes', S('**Status codes.** 200 scored; ', '**Observability.** `GET /healt'),
 '## The trainer\'s step', S("**The trainer's step** comes a", '**Shutdown.** SIGTERM or SIGIN'),
 relevel(S('## Formats', '## Bundles and reward terms'), 0),
)

page('pairs-method.md',
 head('Preference pairs: `rewire pairs` and its method',
  'For whoever trains a reward model on human or AI preference pairs: how Rewire tells genuine preferences\n'
  'from constructed ones, coin flips and artifacts, what the design report says, how the weights reach TRL, and\n'
  'how well the method recovers planted types across designs.'),
 relevel(S('### `rewire pairs`', '### `rewire check`'), -1),
)

page('checks-and-reports.md',
 head('Checks and reports: `rewire check`, `rewire explain`, term statistics',
  'For whoever watches a run: the checks over scored output (or any evaluation output), the HTML and JSON\n'
  'report, one sample\'s whole story with `rewire explain`, and the per-term statistics every run ends with.\n'
  'The check bundles themselves are listed in [rule-authors.md](rule-authors.md#bundles-and-reward-terms);\n'
  'how rules gate on check outcomes, in [rule-authors.md](rule-authors.md#policy).'),
 relevel(S('### `rewire check`', '### `rewire diff`'), -1),
 '## Per-term statistics', S('**Per-term statistics** end ev', '**Hot deploy.** Start with `--'),
)

page('rule-authors.md',
 head('Rule authors: policy, `.drl`, facts, reload, shadow policies, `rewire diff`',
  'For whoever decides which terms score which sample at what weight, without touching Java: the policy\'s\n'
  'facts and rules, how an edit is reloaded, how a candidate policy is shadowed and promoted, how `rewire diff`\n'
  'shows what a change does before it goes live, and the terms, filters and checks there are to route to and\n'
  'gate on, with their settings.'),
 S('## Policy', '## Failure behaviour'),
 relevel(S('### `rewire diff`', '### `rewire bundles`'), -1),
 S('## Bundles and reward terms', '**Configuration** goes through'),
 '## Configuration', S('**Configuration** goes through', '**Per-term statistics** end ev'),
)

page('bundle-authors.md',
 head('Bundle authors: the SPI, the archetype, the test kit, hot deploy',
  'For whoever writes a reward term, annotation filter or check in Java: the API a bundle sees, the archetype\n'
  'walk from an empty folder to a term scoring in a running Rewire, the test kit, the embedded host, and how a\n'
  'bundle is hot-deployed. The built-in bundles are listed in [rule-authors.md](rule-authors.md#bundles-and-reward-terms);\n'
  'a reward function in Python needs no bundle: see [python-terms.md](python-terms.md).'),
 S('## Writing a bundle', '## Terms in Python'),
 '## Hot deploy', S('**Hot deploy.** Start with `--', '**Writing a bundle**: see [Wri'),
)

page('python-terms.md',
 head('Terms in Python',
  'For whoever has a reward function in Python (TRL `reward_funcs`, veRL `compute_score`) and wants it as a\n'
  'Rewire term: routed by rules, weighted, traced, hot-swapped.'),
 relevel(S('## Terms in Python', '## Policy'), -1)[1:],
)

page('failure-behaviour.md',
 head('Failure behaviour',
  'For whoever needs to know what a fault or a bad input does, and what they see.'),
 relevel(S('## Failure behaviour', '## Measured (2-core CI machine'), -1)[1:],
)

page('performance.md',
 head('Performance',
  'Every figure Rewire publishes, each with its date and the command that reproduces it.'),
 relevel(S('## Measured (2-core CI machine', '## GPU'), 0),
)

page('development.md',
 head('Development: build, tests, benchmarks, layout',
  'For whoever changes Rewire itself: how to build and test it, where the benchmarks are, and what lives in\n'
  'each module. The layout in one picture, and where a new protocol, term, check, command or output format\n'
  'goes, is in [the README](../README.md#layout).'),
 '## Build and test', S('`mvn verify` runs unit tests i', None),
 '''The whole `mvn verify` takes over ten minutes on two cores. While working on one part, build once
and run the tests of that part:

```bash
mvn -q -B install -DskipTests                                     # every module, the distribution included
mvn -q -B -pl bundles/terms-answer test -Dtest=AnswerTermsTest    # one module's unit tests
mvn -q -B -pl integration-tests/suite verify -Dit.test=DocsLinksIT  # one integration test (failsafe)
```

`DocsLinksIT` checks that every relative link of the README, these pages and the module READMEs
leads to a file and a heading; run it after moving or renaming a section.''',
 '''## Benchmarks

`integration-tests/benchmarks/` holds the JMH benchmarks (`run.sh`), the server's load run (`serve.sh`)
and the comparison against hand-written code (`throughput.sh`, with `CompareScored`, the before/after
equality check of a pipeline change); see [its README](../integration-tests/benchmarks/README.md). What
they measured, with dates, is in [performance.md](performance.md).
''',
 relevel(S('## Layout', '## Development'), 0),
)
