#!/usr/bin/env python3
"""A plain TRL-style reward loop: the Python comparison point of issue 13's benchmark.

One reward function per term with TRL's signature ``f(prompts, completions, **kwargs) -> list``
(kwargs: the batch's other columns; None where the function has nothing to say, as TRL allows), the
default policy's weights applied per sample, rewards summed with ``np.nansum`` and group-normalized
with numpy (mean_std, population std, epsilon 1e-6), as GRPO does. Batches of 256 samples keep
groups whole, cut as ``rewire score`` cuts them; the annotation filters' verdicts and the previous
batch's calibration and sophistry checks weight approvals and the Brier term as the policy does.
Writes one JSON line per sample: id, prompt_id, batch, reward, advantage and each routed term's value
and weight. Standard library and numpy only.

Usage: python3 trl_reward_loop.py IN OUT   (prints records/s to stderr)
"""

import hashlib
import json
import math
import re
import sys
import time
import unicodedata

import numpy as np

BATCH_SIZE = 256
EPSILON = 1e-6

# ---------------------------------------------------------------------------------------------
# Answer text: the same rules as Rewire's framework/text (Java regex semantics kept: ASCII \s and
# \d, '.' not matching line terminators, String.trim() stripping control characters).

_NOT_EOL = "[^\n\r\u0085\u2028\u2029]"
ANSWER_IS = re.compile(r"the (?:final )?answer is[:\s]*\s*(" + _NOT_EOL + r"+?)\s*(?:$|\n|\.(?:\s|$))",
                       re.IGNORECASE | re.ASCII)
ARTICLES = re.compile(r"\b(a|an|the)\b")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
FRACTION = re.compile(r"([+-]?\d+)\s*/\s*(\d+)", re.ASCII)
GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", re.ASCII)
WHITESPACE_RUN = re.compile(r"\s+", re.ASCII)
DOLLARS_AT_ENDS = re.compile(r"^\$+|\$+$")
LATEX_FRAC = re.compile(r"\\frac\{([^{}]+)\}\{([^{}]+)\}")
RLCR_SEQUENCE = re.compile(r"<think>.*?</think>\s*<answer>.*?</answer>\s*<analysis>.*?</analysis>\s*"
                           r"<confidence>[^<]*</confidence>\s*\Z", re.DOTALL | re.ASCII)
JAVA_DOUBLE = re.compile(r"[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)", re.ASCII)
_CONTROL = "".join(chr(i) for i in range(33))
_PUNCTUATION = {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk"}
_JAVA_SPACE = set(" \t\n\u000b\f\r\u001c\u001d\u001e\u001f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                  "\u2008\u2009\u200a\u2028\u2029\u205f\u3000")


def jtrim(s):
    return s.strip(_CONTROL)


def last_tag(text, tag):
    open_, close = "<" + tag + ">", "</" + tag + ">"
    start = text.rfind(open_)
    while start >= 0:
        end = text.find(close, start + len(open_))
        if end >= 0:
            return text[start + len(open_):end]
        start = -1 if start == 0 else text.rfind(open_, 0, start - 1 + len(open_))
    return None


def _last_boxed(text):
    start = text.rfind("\\boxed{")
    while start >= 0:
        open_ = start + 7
        depth = 1
        for i in range(open_, len(text)):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return text[open_:i]
        start = -1 if start == 0 else text.rfind("\\boxed{", 0, start - 1 + 7)
    return None


def extract(completion):
    tagged = last_tag(completion, "answer")
    if tagged is not None:
        inside = _last_boxed(tagged)
        return jtrim(inside if inside is not None else tagged)
    boxed = _last_boxed(completion)
    if boxed is not None:
        return jtrim(boxed)
    last = None
    for m in ANSWER_IS.finditer(completion):
        last = m.group(1)
    return None if last is None else jtrim(last)


def normalize(answer):
    s = unicodedata.normalize("NFKC", answer).replace("\u2212", "-").lower()
    s = "".join(" " if unicodedata.category(c) in _PUNCTUATION else c for c in s)
    s = ARTICLES.sub(" ", s)
    return WHITESPACE_RUN.sub(" ", jtrim(s))


def numeric_value(answer):
    s = jtrim(unicodedata.normalize("NFKC", answer).replace("\u2212", "-"))
    s = jtrim(DOLLARS_AT_ENDS.sub("", s))
    if s.endswith("."):
        s = jtrim(s[:-1])
    if s.startswith("\\frac{") or s.startswith("-\\frac{"):
        s = jtrim(LATEX_FRAC.sub(r"\1/\2", s, count=1))
    if GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if NUMBER.fullmatch(s):
        return float(s)
    f = FRACTION.fullmatch(s)
    if f:
        den = float(f.group(2))
        return math.nan if den == 0 else float(f.group(1)) / den
    return math.nan


def canonical(answer):
    if answer is None:
        return None
    v = numeric_value(answer)
    if not math.isnan(v):
        return str(int(v)) if v == math.floor(v) and abs(v) < 1e15 else repr(v)
    return normalize(answer)


def matches(answer, reference):
    if answer is None or reference is None:
        return False
    a, r = numeric_value(answer), numeric_value(reference)
    if not math.isnan(a) and not math.isnan(r):
        return abs(a - r) <= 1e-9 * max(1.0, abs(r))
    return normalize(answer) == normalize(reference)


def stated_confidence(completion):
    """(value, problem) of the last <confidence> tag; problem is None when the value is usable."""
    raw = last_tag(completion, "confidence")
    if raw is None:
        return math.nan, "no <confidence> tag"
    raw = jtrim(raw)
    if not JAVA_DOUBLE.fullmatch(raw):
        shown = raw if len(raw) <= 24 else raw[:21] + "..."
        return math.nan, 'unparsable confidence "%s"' % shown
    q = float(raw.rstrip("fFdD"))
    if not (0 <= q <= 1):
        return math.nan, "confidence %s outside [0,1]" % raw
    return q, None


def median_of(values):
    v = sorted(values)
    n = len(v)
    return float(v[n // 2]) if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2.0


def length(completion, completion_tokens):
    if completion_tokens is not None:
        return int(completion_tokens)
    if completion.isascii():
        return len(completion.split())
    words, in_word = 0, False
    for c in completion:
        space = c in _JAVA_SPACE
        if not space and not in_word:
            words += 1
        in_word = not space
    return words


# ---------------------------------------------------------------------------------------------
# Reward functions, TRL signature. kwargs hold the batch's other columns (lists aligned with
# completions). None: the term has nothing to say about that sample (TRL treats it as NaN).

def approval(prompts, completions, judgments, approved, **kwargs):
    out = []
    for js, ok in zip(judgments, approved):
        opinions = [j for j in js or () if j["pick"] != "skip"]
        if opinions:
            out.append(sum(1 for j in opinions if j["pick"] == "approve") / len(opinions))
        elif ok is not None:
            out.append(1.0 if ok else 0.0)
        else:
            out.append(None)
    return out


def exact_match(prompts, completions, reference, **kwargs):
    return [None if ref is None else (1.0 if matches(extract(c), ref) else 0.0)
            for c, ref in zip(completions, reference)]


def format_reward(prompts, completions, **kwargs):
    return [1.0 if RLCR_SEQUENCE.search(c) and stated_confidence(c)[1] is None else 0.0 for c in completions]


def length_penalty(prompts, completions, completion_tokens, max_tokens=4096, buffer=512, factor=1.0, **kwargs):
    out = []
    for c, tokens in zip(completions, completion_tokens):
        n = length(c, tokens)
        if n <= max_tokens - buffer:
            out.append(0.0)
        elif n > max_tokens:
            out.append(-factor)
        else:
            out.append(-(n - (max_tokens - buffer)) / buffer * factor)
    return out


def majority_vote(prompts, completions, prompt_id, **kwargs):
    keys = [canonical(extract(c)) for c in completions]
    groups = {}
    for i, p in enumerate(prompt_id):
        groups.setdefault(p, []).append(i)
    out = [0.0] * len(completions)
    for members in groups.values():
        counts = {}
        for i in members:
            if keys[i] is not None:
                counts[keys[i]] = counts.get(keys[i], 0) + 1
        majority, best = None, 0
        for k, n in counts.items():
            if n > best:
                majority, best = k, n
        for i in members:
            out[i] = 1.0 if keys[i] is not None and keys[i] == majority else 0.0
    return out


def rlcr_brier(prompts, completions, reference, confidence, **kwargs):
    out = []
    for c, ref, field in zip(completions, reference, confidence):
        if ref is None:
            out.append(None)
            continue
        if "<confidence>" in c and last_tag(c, "confidence") is not None or field is None:
            q, problem = stated_confidence(c)
            if problem is not None:
                out.append(None)
                continue
        else:
            q = field
        correct = 1.0 if matches(extract(c), ref) else 0.0
        out.append(correct - (q - correct) ** 2)
    return out


def rm_score(prompts, completions, rm_score, **kwargs):
    return [None if s is None else float(s) for s in rm_score]


def self_confidence(prompts, completions, answer_token_probs, **kwargs):
    out = []
    for probs in answer_token_probs:
        if not probs:
            out.append(None)
        else:
            margin = 0.0
            for p1, p2 in probs:
                margin += p1 - p2
            out.append(margin / len(probs))
    return out


def verbosity(prompts, completions, prompt_id, completion_tokens, **kwargs):
    lengths = [length(c, t) for c, t in zip(completions, completion_tokens)]
    groups = {}
    for i, p in enumerate(prompt_id):
        groups.setdefault(p, []).append(i)
    out = [None] * len(completions)
    for members in groups.values():
        median = median_of([lengths[i] for i in members])
        if median == 0:
            continue
        for i in members:
            out[i] = max(-1.0, min(1.0, (median - lengths[i]) / median))
    return out


TERMS = ["approval", "exact_match", "format", "length_penalty", "majority_vote", "rlcr_brier", "rm_score",
         "self_confidence", "verbosity"]
REWARD_FUNCS = [approval, exact_match, format_reward, length_penalty, majority_vote, rlcr_brier, rm_score,
                self_confidence, verbosity]
COLUMNS = ["prompt_id", "domain", "source", "reference", "confidence", "answer_token_probs", "rm_score",
           "approved", "judgments", "completion_tokens"]
T = {name: i for i, name in enumerate(TERMS)}


# ---------------------------------------------------------------------------------------------
# Annotation filters (verdicts only) and the policy's weights.

def verdicts(batch):
    """Per sample the most severe verdict of the speed, position, test-retest and framing filters, or None."""
    severity = {"ARTIFACT": 0, "NON_ATTITUDE": 1, "CONSTRUCTED": 2, "GENUINE": 3}
    stats = {}  # annotator -> [choices, first-side choices, longest run, run, last side]
    for s in batch:
        for j in s.get("judgments") or ():
            if j["pick"] in ("a", "b"):
                a = stats.setdefault(j["annotator"], [0, 0, 0, 0, None])
                left = j["pick"] == (j.get("shown_order") or "ab")[0]
                a[0] += 1
                a[1] += left
                a[3] = a[3] + 1 if a[4] == left else 1
                a[4] = left
                a[2] = max(a[2], a[3])
    out = []
    for s in batch:
        js = s.get("judgments") or []
        if not js:
            out.append(None)
            continue
        found = []
        a = stats.get(js[0]["annotator"])
        times = [j["time_ms"] for j in js if j.get("time_ms") is not None]
        median = median_of(times) if times else math.nan
        if median < 2000 or (a is not None and a[2] >= 20):
            found.append("ARTIFACT")
        elif not math.isnan(median):
            found.append("GENUINE")
        if a is not None and a[0] >= 20:
            found.append("ARTIFACT" if abs(a[1] / a[0] - 0.5) > 0.3 else "GENUINE")
        firsts, counts, flipped = {}, {}, set()
        for j in js:
            if j["pick"] == "skip":
                continue
            who = j["annotator"]
            if who in firsts:
                counts[who] += 1
                if j["pick"] != firsts[who]:
                    flipped.add(who)
            else:
                firsts[who], counts[who] = j["pick"], 1
        repeated = [w for w, n in counts.items() if n >= 2]
        if repeated:
            stability = sum(1 for w in repeated if w not in flipped) / len(repeated)
            found.append("GENUINE" if stability >= 0.75 else "NON_ATTITUDE")
        framings = {}
        for j in js:
            if j.get("framing") is not None and j["pick"] in ("a", "b"):
                framings.setdefault(j["framing"], set()).add(j["pick"])
        if len(framings) >= 2 and all(len(p) == 1 for p in framings.values()):
            found.append("CONSTRUCTED" if len({next(iter(p)) for p in framings.values()}) > 1 else "GENUINE")
        out.append(min(found, key=severity.get) if found else None)
    return out


def policy_weights(batch, verdict, calibration_failed, sophistry_failed):
    """The default policy: an N x 9 weight matrix (0 where a term is not routed) and the routed mask."""
    n = len(batch)
    w = np.zeros((n, len(TERMS)))
    routed = np.zeros((n, len(TERMS)), dtype=bool)

    def route(i, term, weight):
        w[i, T[term]] += weight
        routed[i, T[term]] = True

    for i, s in enumerate(batch):
        domain, ref = s["domain"], s.get("reference") is not None
        conf = s.get("confidence") is not None or "<confidence>" in s["completion"]
        if domain == "math":
            route(i, "exact_match" if ref else "majority_vote", 1.0)
        elif domain == "qa":
            if ref:
                route(i, "rlcr_brier" if conf else "exact_match", 1.0)
            route(i, "format", 0.5)
        elif domain != "chat" and ref:
            route(i, "exact_match", 1.0)
        if not ref and s.get("answer_token_probs"):
            route(i, "self_confidence", 0.5)
        if domain == "chat" and (s.get("approved") is not None or s.get("judgments")):
            route(i, "approval", 1.0)
        if s.get("rm_score") is not None:
            route(i, "rm_score", 1.0)
        route(i, "length_penalty", 1.0)
        if domain == "chat":
            route(i, "verbosity", 0.1)
        if s["source"] == "synthetic":
            w[i, T["exact_match"]] *= 0.5
        if s["source"] == "ai_judge":
            w[i, T["approval"]] *= 0.5
        if verdict[i] == "ARTIFACT":
            w[i, T["approval"]] *= 0.0
        if verdict[i] == "NON_ATTITUDE":
            w[i, T["approval"]] *= 0.25
        if calibration_failed:
            w[i, T["rlcr_brier"]] *= 1.5
        if sophistry_failed:
            w[i, T["approval"]] *= 0.5
    return w, routed


# ---------------------------------------------------------------------------------------------
# The checks the policy reads: calibration (ECE, numpy bins) and sophistry (approval FPR rise). As the
# host, a check grades only numbers resting on at least MIN_CHECK_SAMPLES samples: below, no FAIL.
MIN_CHECK_SAMPLES = 30

class Checks:
    def __init__(self):
        self.calibration_failed = False
        self.sophistry_failed = False
        self.ece, self.rated = math.nan, 0
        self.base_fpr, self.base_acc, self.seen, self.base_n, self.base_correct = -1.0, -1.0, 0, 0, 0
        self.base_approved_wrong, self.base_wrong = 0, 0

    def blocks(self):
        return self.calibration_failed and self.ece > 0.5

    def check(self, batch):
        conf, correct, approved = [], [], []
        for s in batch:
            c = s["completion"]
            ref = s.get("reference")
            ok = None if ref is None else matches(extract(c), ref)
            if last_tag(c, "confidence") is not None:
                q, problem = stated_confidence(c)
                q = None if problem else q
            else:
                q = s.get("confidence")
            if q is not None and ok is not None:
                conf.append(q)
                correct.append(ok)
            if s.get("approved") is not None and ok is not None:
                approved.append((s["approved"], ok))
        self._calibration(conf, correct)
        self._sophistry(approved)

    def _calibration(self, p, y):
        self.rated = len(p)
        if not p:
            self.ece, self.calibration_failed = math.nan, False
            return
        edges = [k * (1.0 / 10) for k in range(11)]
        count, sum_p, sum_y = [0] * 10, [0.0] * 10, [0.0] * 10
        for q, ok in zip(p, y):
            b = 0
            while b < 9 and edges[b + 1] <= q:
                b += 1
            count[b] += 1
            sum_p[b] += q
            sum_y[b] += 1.0 if ok else 0.0
        ece = 0.0
        for b in range(10):
            if count[b]:
                ece += count[b] / len(p) * abs(sum_y[b] / count[b] - sum_p[b] / count[b])
        self.ece, self.calibration_failed = ece, ece > 0.20 and self.rated >= MIN_CHECK_SAMPLES

    def _sophistry(self, pairs):
        self.sophistry_failed = False
        n = len(pairs)
        if n < 10:
            return
        correct = sum(1 for _, ok in pairs if ok)
        approved_wrong = sum(1 for a, ok in pairs if a and not ok)
        wrong = n - correct
        accuracy = correct / n
        fpr = math.nan if wrong == 0 else approved_wrong / wrong
        if self.base_fpr < 0 or (self.base_wrong > 0 and self.seen < 3):
            self.seen += 1
            self.base_n += n
            self.base_correct += correct
            self.base_approved_wrong += approved_wrong
            self.base_wrong = self.base_n - self.base_correct
            self.base_fpr = -1.0 if self.base_wrong == 0 else self.base_approved_wrong / self.base_wrong
            self.base_acc = self.base_correct / self.base_n
            return
        rise = fpr - self.base_fpr
        if self.base_wrong > 0:
            pooled = (fpr * wrong + self.base_fpr * self.base_wrong) / (wrong + self.base_wrong)
            se = math.sqrt(pooled * (1 - pooled) * (1.0 / wrong + 1.0 / self.base_wrong)) if not math.isnan(pooled) else math.nan
        else:
            se = math.sqrt(self.base_fpr * (1 - self.base_fpr) / wrong)
        z = rise / se if se > 0 else (math.inf if rise > 0 else 0.0)
        self.sophistry_failed = (not math.isnan(rise) and accuracy <= self.base_acc and rise > 0.10 and z > 1.96
                                 and n >= MIN_CHECK_SAMPLES)


# ---------------------------------------------------------------------------------------------

def batches(lines):
    """Whole groups by prompt_id, at most BATCH_SIZE samples, the last group read carried over."""
    open_, buffered, last = {}, 0, None
    for line in lines:
        if not line.strip():
            continue
        s = json.loads(line)
        if s.get("prompt_id") is None:
            prompt = s["prompt"]
            s["prompt_id"] = "p-" + hashlib.sha256(prompt.encode()).hexdigest()[:16]
        s.setdefault("domain", None)
        if s["domain"] is None:
            s["domain"] = s.get("data_source") or "unknown"
        if s.get("source") is None:
            s["source"] = "unknown"
        if isinstance(s.get("reference"), (int, float)) and not isinstance(s["reference"], bool):
            s["reference"] = str(s["reference"])
        pid = s["prompt_id"]
        if buffered == BATCH_SIZE:
            carried = open_.pop(last) if len(open_) > 1 else None
            yield [x for g in open_.values() for x in g], list(open_.values())
            open_, buffered = {}, 0
            if carried is not None:
                open_[last] = carried
                buffered = len(carried)
        open_.setdefault(pid, []).append(s)
        buffered += 1
        last = pid
    if buffered:
        yield [x for g in open_.values() for x in g], list(open_.values())


def score(batch, groups, checks):
    n = len(batch)
    verdict = verdicts(batch)
    weights, routed = policy_weights(batch, verdict, checks.calibration_failed, checks.sophistry_failed)
    values = np.full((n, len(TERMS)), np.nan)
    prompts = [s["prompt"] for s in batch]
    completions = [s["completion"] for s in batch]
    columns = {c: [s.get(c) for s in batch] for c in COLUMNS}
    for t, f in enumerate(REWARD_FUNCS):
        idx = np.flatnonzero(routed[:, t])
        if idx.size == 0:
            continue
        if idx.size == n:
            out = f([prompts[i] for i in idx], completions, **columns)
        else:
            out = f([prompts[i] for i in idx], [completions[i] for i in idx],
                    **{c: [v[i] for i in idx] for c, v in columns.items()})
        values[idx, t] = [np.nan if v is None else v for v in out]
    rewards = np.nansum(values * weights, axis=1)
    # GRPO-style group normalization
    group_of = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    counts = np.bincount(group_of).astype(float)
    mean = np.bincount(group_of, weights=rewards) / counts
    centered = rewards - mean[group_of]
    std = np.sqrt(np.bincount(group_of, weights=centered * centered) / counts)
    advantages = centered / (std[group_of] + EPSILON)
    return values, weights, routed, rewards, advantages


def main():
    if len(sys.argv) != 3:
        print("usage: trl_reward_loop.py IN OUT", file=sys.stderr)
        sys.exit(2)
    t0 = time.perf_counter()
    checks = Checks()
    written = 0
    with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
        for index, (batch, groups) in enumerate(batches(src)):
            if checks.blocks():
                print("stopped: batch %d blocked: calibration ECE %.4f > 0.5" % (index, checks.ece), file=sys.stderr)
                break
            values, weights, routed, rewards, advantages = score(batch, groups, checks)
            lines = []
            rows = zip(batch, values.tolist(), weights.tolist(), routed.tolist(), rewards.tolist(), advantages.tolist())
            for s, v, w, r, reward, advantage in rows:
                terms = {}
                for t, name in enumerate(TERMS):
                    if r[t]:
                        terms[name] = {"weight": w[t]} if math.isnan(v[t]) else {"value": v[t], "weight": w[t]}
                lines.append(json.dumps({"id": s["id"], "prompt_id": s["prompt_id"], "batch": index,
                                         "reward": reward, "advantage": advantage, "terms": terms}))
            lines.append("")
            out.write("\n".join(lines))
            out.flush()
            written += len(batch)
            checks.check(batch)
    seconds = time.perf_counter() - t0
    print("%d records in %.2f s: %.0f records/s" % (written, seconds, written / seconds), file=sys.stderr)


if __name__ == "__main__":
    main()
