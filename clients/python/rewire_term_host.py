"""Serve one Python reward function to Rewire as a reward term (standard library only, Python 3.9+).

Rewire's ``dev.rewire.terms.python`` bundle starts this script once per configured term and keeps
it running; it can equally be reimplemented in any language that reads and writes JSON lines.

    python3 -u rewire_term_host.py --file reward.py --function accuracy --kind trl \\
        [--reference-column solution] [--conversational]

Kinds of function
-----------------
``trl``   TRL ``reward_funcs`` style, called once per batch::

              def f(prompts, completions, **columns) -> list[float | None]

          ``columns`` holds every other input field of the samples as a list (``None`` where a
          sample lacks it), and the samples' ``reference`` under ``--reference-column`` (default
          ``reference``; TRL datasets often name it ``solution``). With ``--conversational``
          prompts and completions are passed as one-message lists
          (``[{"role": "user", "content": ...}]``) as TRL does for conversational datasets.
          An exception fails the whole batch (every sample abstains with it as reason).
``verl``  veRL ``custom_reward_function`` style, called once per sample::

              def compute_score(data_source, solution_str, ground_truth, extra_info=None)
                  -> float | {"score": float, ...}

          ``data_source`` is the sample's ``data_source`` field, else its domain; ``ground_truth``
          its reference; ``extra_info`` its ``extra_info`` field (an object) or ``{}``, with the
          sample's ``id`` and ``prompt`` added. Other numeric keys of a dict result are returned
          as diagnostics. An exception fails that sample only.

Both kinds may be ``async def``. A value that is ``None``, NaN, infinite or not a number is an
abstention with a reason (``function returned None``); so is an exception
(``error: ValueError: bad input (reward.py:12)``).

Protocol (``rewire-term/1``): JSON, one object per line, UTF-8
----------------------------------------------------------------
1. On start the process writes one handshake line to stdout::

       {"protocol": "rewire-term/1", "function": "accuracy", "kind": "trl",
        "file": "/abs/reward.py", "sha256": "<hex of the bytes that were loaded>",
        "python": "3.11.7"}

   or, when the file cannot be loaded, ``{"protocol": "rewire-term/1", "error": "<why>"}`` and
   exits with status 2.
2. Rewire writes one request line per batch to stdin::

       {"batch": [{"id": "s1", "prompt_id": "p1", "domain": "math", "source": "dataset",
                   "prompt": "...", "completion": "...", "reference": "4" | null,
                   "completion_tokens": 12 | null, "step": 100 | null,
                   "fields": {"data_source": "gsm8k", ...}}, ...]}

3. The process answers one response line, in the order of the batch::

       {"values": [1.0, null, ...], "reasons": [null, "function returned None", ...],
        "diagnostics": [null, {"length": 42.0}, ...]}

   ``reasons[i]`` is set exactly where ``values[i]`` is null; ``diagnostics`` is optional. A
   failure of the whole batch is ``{"error": "<why>"}``: every sample abstains with it.
4. End of stdin ends the process. Anything the function prints goes to stderr (stdout carries
   the protocol only), which Rewire copies into its log under the term's id.

The process also exits when its parent dies, so a killed host leaves no orphan behind.
"""

import argparse
import asyncio
import hashlib
import inspect
import json
import math
import os
import sys
import threading
import time
import traceback
import types

PROTOCOL = "rewire-term/1"
KINDS = ("trl", "verl")


class RewardFunction:
    """A loaded reward function and how to call it on a batch of samples."""

    def __init__(self, fn, kind, reference_column="reference", conversational=False):
        if kind not in KINDS:
            raise ValueError("kind must be one of %s, got %r" % (", ".join(KINDS), kind))
        self.fn = fn
        self.kind = kind
        self.reference_column = reference_column
        self.conversational = conversational

    def score(self, batch):
        """The response object for a batch (a list of sample objects)."""
        if not batch:
            return {"values": [], "reasons": [], "diagnostics": []}
        if self.kind == "trl":
            try:
                raw = self._call_trl(batch)
            except Exception as e:  # the function's own failure: every sample abstains with it
                return {"error": describe_error(e)}
            if not isinstance(raw, (list, tuple)):
                return {"error": "function returned %s, not a list" % type(raw).__name__}
            if len(raw) != len(batch):
                return {"error": "function returned %d values for %d samples" % (len(raw), len(batch))}
            outcomes = [to_outcome(x, allow_dict=False) for x in raw]
        else:
            outcomes = self._call_verl(batch)
        return {
            "values": [o[0] for o in outcomes],
            "reasons": [o[1] for o in outcomes],
            "diagnostics": [o[2] for o in outcomes],
        }

    def _call_trl(self, batch):
        prompts = [s.get("prompt") for s in batch]
        completions = [s.get("completion") for s in batch]
        if self.conversational:
            prompts = [[{"role": "user", "content": p}] for p in prompts]
            completions = [[{"role": "assistant", "content": c}] for c in completions]
        columns = {}
        names = []
        for s in batch:
            for name in (s.get("fields") or {}):
                if name not in columns:
                    columns[name] = None
                    names.append(name)
        for name in names:
            columns[name] = [(s.get("fields") or {}).get(name) for s in batch]
        columns[self.reference_column] = [s.get("reference") for s in batch]
        for reserved in ("prompts", "completions"):
            columns.pop(reserved, None)
        result = self.fn(prompts=prompts, completions=completions, **columns)
        if inspect.isawaitable(result):
            result = asyncio.run(_await(result))
        return result

    def _call_verl(self, batch):
        calls = [self._verl_arguments(s) for s in batch]
        if inspect.iscoroutinefunction(self.fn):
            async def all_samples():
                return await asyncio.gather(*(self._guarded_async(kw) for kw in calls))
            return asyncio.run(all_samples())
        return [self._guarded(kw) for kw in calls]

    @staticmethod
    def _verl_arguments(sample):
        fields = sample.get("fields") or {}
        extra = fields.get("extra_info")
        extra = dict(extra) if isinstance(extra, dict) else {}
        extra.setdefault("id", sample.get("id"))
        extra.setdefault("prompt", sample.get("prompt"))
        return {
            "data_source": fields.get("data_source", sample.get("domain")),
            "solution_str": sample.get("completion"),
            "ground_truth": sample.get("reference"),
            "extra_info": extra,
        }

    def _guarded(self, kwargs):
        try:
            return to_outcome(self.fn(**kwargs), allow_dict=True)
        except Exception as e:
            return None, describe_error(e), None

    async def _guarded_async(self, kwargs):
        try:
            return to_outcome(await self.fn(**kwargs), allow_dict=True)
        except Exception as e:
            return None, describe_error(e), None


async def _await(awaitable):
    return await awaitable


def to_outcome(raw, allow_dict):
    """(value, reason, diagnostics) for one returned value; exactly one of value and reason is set."""
    diagnostics = None
    if allow_dict and isinstance(raw, dict):
        if "score" not in raw:
            return None, "function returned a dict without 'score'", None
        diagnostics = {}
        for key, extra in raw.items():
            if key != "score" and isinstance(extra, (int, float)) and not isinstance(extra, bool) \
                    and math.isfinite(extra):
                diagnostics[str(key)] = float(extra)
        raw = raw["score"]
    if raw is None:
        return None, "function returned None", None
    if isinstance(raw, (str, bytes, dict, list, tuple)):
        return None, "function returned %s, not a number" % type(raw).__name__, None
    try:
        value = float(raw)  # bool, int, numpy and torch scalars
    except (TypeError, ValueError):
        return None, "function returned %s, not a number" % type(raw).__name__, None
    if math.isnan(value):
        return None, "function returned NaN", None
    if math.isinf(value):
        return None, "function returned %s" % ("inf" if value > 0 else "-inf"), None
    return value, None, diagnostics or None


def describe_error(error):
    """``error: Type: message (file.py:line)``: the innermost frame outside this script, when there is one."""
    message = str(error)
    text = "error: " + type(error).__name__ + (": " + message if message else "")
    here = os.path.abspath(__file__)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) != here]
    if frames:
        text += " (%s:%d)" % (os.path.basename(frames[-1].filename), frames[-1].lineno)
    return text


def load(path, function_name):
    """(function, sha256) from a Python file; the hash is of the very bytes that were executed."""
    path = os.path.abspath(path)
    with open(path, "rb") as f:
        source = f.read()
    digest = hashlib.sha256(source).hexdigest()
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)  # so the file can import its neighbours
    name = os.path.splitext(os.path.basename(path))[0]
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    exec(compile(source, path, "exec"), module.__dict__)
    fn = getattr(module, function_name, None)
    if fn is None:
        raise LookupError("%s defines no function %r" % (os.path.basename(path), function_name))
    if not callable(fn):
        raise TypeError("%s.%s is not callable" % (name, function_name))
    return fn, digest


def exit_with_parent(parent_pid, poll_seconds=0.5):
    """Ends this process once its parent is gone (reparented), even while a reward function hangs."""
    def watch():
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent_pid:
                os._exit(3)
    threading.Thread(target=watch, name="rewire-parent-watch", daemon=True).start()


def serve(reward, lines_in, out):
    """Answers one response line per request line until the input ends."""
    for raw in lines_in:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            batch = request["batch"]
            if not isinstance(batch, list):
                raise ValueError("'batch' must be a list")
        except (ValueError, KeyError, TypeError) as e:
            response = {"error": "bad request: %s" % e}
        else:
            response = reward.score(batch)
        out.write(json.dumps(response, allow_nan=False) + "\n")
        out.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve a Python reward function to Rewire (rewire-term/1).")
    parser.add_argument("--file", required=True)
    parser.add_argument("--function", required=True)
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--reference-column", default="reference")
    parser.add_argument("--conversational", action="store_true")
    args = parser.parse_args(argv)

    exit_with_parent(os.getppid())
    # stdout carries the protocol only: what the function prints (Python or C) goes to stderr
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    try:
        fn, digest = load(args.file, args.function)
    except BaseException as e:  # SyntaxError, ImportError, SystemExit at import...
        protocol.write(json.dumps({"protocol": PROTOCOL, "error": "cannot load %s: %s"
                                   % (os.path.basename(args.file), describe_error(e))}) + "\n")
        protocol.flush()
        return 2
    protocol.write(json.dumps({
        "protocol": PROTOCOL, "function": args.function, "kind": args.kind,
        "file": os.path.abspath(args.file), "sha256": digest,
        "python": "%d.%d.%d" % sys.version_info[:3],
    }) + "\n")
    protocol.flush()
    serve(RewardFunction(fn, args.kind, args.reference_column, args.conversational), sys.stdin.buffer, protocol)
    return 0


if __name__ == "__main__":
    sys.exit(main())
