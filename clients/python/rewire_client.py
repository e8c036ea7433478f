"""Python client for the Rewire reward server (standard library only, Python 3.9+).

Rewire scores ``(prompt, completion)`` samples under a policy and answers, for
each sample, a ``reward``, a group ``advantage`` and the per-term breakdown.
This module offers three entry points:

* ``RewireClient``: the native ``POST /v1/score`` and ``GET /ready`` API.
* ``trl_reward_function``: an async reward function for TRL's ``GRPOTrainer``.
* ``compute_score`` / ``compute_score_batch``: veRL custom reward functions.

Server address and token come from arguments or the environment:
``REWIRE_URL`` (default ``http://127.0.0.1:8777``) and ``REWIRE_TOKEN``.

TRL usage::

    from trl import GRPOConfig, GRPOTrainer
    from rewire_client import trl_reward_function

    trainer = GRPOTrainer(
        model="Qwen/Qwen2.5-0.5B-Instruct",
        reward_funcs=[trl_reward_function(domain="math", reference_column="solution")],
        args=GRPOConfig(...),
        train_dataset=dataset,   # columns: prompt, solution, ...
    )

The function is ``async``, so TRL runs it concurrently with other async reward
functions; the HTTP call runs in the default executor and does not block the
event loop. It returns ``None`` for a sample the server rejected or for which
every routed term abstained (TRL reads ``None`` as "not applicable"). It logs
``rewire/{term}/mean`` and ``rewire/{term}/abstain_rate`` through ``log_metric``
and per-sample ``rewire/{term}`` columns through ``log_extra``.

veRL usage (per sample, ``NaiveRewardManager``)::

    python -m verl.trainer.main_ppo ... \\
        custom_reward_function.path=clients/python/rewire_client.py \\
        custom_reward_function.name=compute_score

veRL usage (one request per batch, ``BatchRewardManager``)::

    python -m verl.trainer.main_ppo ... \\
        reward_model.reward_manager=batch \\
        custom_reward_function.path=clients/python/rewire_client.py \\
        custom_reward_function.name=compute_score_batch

Options such as ``url``, ``token`` or ``domain`` can be passed with
``+custom_reward_function.reward_kwargs.url=http://host:8777``.

Groups. Group terms (``majority_vote``, ``verbosity``) and advantages need a
prompt's samples together. The client sends what the server makes the group key
from: TRL's prompt; veRL's ``extra_info`` (its ``index`` and ``split`` name the
dataset row, so no ``question`` is needed) and the prompt when ``extra_info``
has ``question`` or ``prompt``. ``group_size=N`` (TRL's ``num_generations``,
veRL's ``rollout.n``) tells the server how many samples a whole group has: it
holds a group's samples until all N have arrived, across requests (TRL ranks,
veRL's concurrent per-sample calls), then scores them together, and each record
says its group size and whether the group was complete. Without it, a
``compute_score`` call (one sample) is a group of its own: ``majority_vote``
abstains for it, and its advantage is 0. Do not pass ``group_size`` to a veRL
reward manager that calls ``compute_score`` one sample at a time and waits for
each (``naive``): every call would wait ``--group-wait-ms`` for the others.
Use it with ``compute_score_batch`` or veRL's asynchronous reward loop.
"""

import asyncio
import functools
import http.client
import json
import math
import os
import time
import urllib.error
import urllib.request

__all__ = [
    "DEFAULT_URL",
    "RewireError",
    "RewireBlocked",
    "RewireClient",
    "trl_reward_function",
    "compute_score",
    "compute_score_batch",
    "build_trl_samples",
    "trainer_step",
    "reward_from_record",
    "rewards_from_records",
    "term_metrics",
    "term_columns",
    "verl_result",
    "build_verl_sample",
]

DEFAULT_URL = "http://127.0.0.1:8777"

# Columns probed, in order, for the gold answer when no reference_column is given.
REFERENCE_COLUMNS = ("solution", "ground_truth", "answer", "reference")

# TRL keyword arguments that are not dataset columns.
_TRL_NON_COLUMNS = frozenset(
    {"prompts", "completions", "completion_ids", "trainer_state", "log_extra", "log_metric", "environments"}
)

# Sample keys that a dataset column must not overwrite.
_RESERVED_SAMPLE_KEYS = frozenset({"id", "prompt", "completion"})


class RewireError(Exception):
    """A request to the Rewire server failed.

    ``status`` is the HTTP status (``None`` for connection errors) and
    ``error`` the server's ``error`` text when it sent one.
    """

    def __init__(self, message, status=None, error=None, body=None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.body = body


class RewireBlocked(RewireError):
    """The server's policy gate blocked scoring (HTTP 503 with ``blocked``)."""

    def __init__(self, message, rule=None, reason=None, status=503, error=None, body=None):
        super().__init__(message, status=status, error=error, body=body)
        self.rule = rule
        self.reason = reason


def _env_url(url=None):
    return (url or os.environ.get("REWIRE_URL") or DEFAULT_URL).rstrip("/")


def _env_token(token=None):
    return token if token is not None else (os.environ.get("REWIRE_TOKEN") or None)


class RewireClient:
    """Client for the native Rewire API.

    ``retries`` is the number of extra attempts after the first one, made on
    connection errors and on 5xx answers other than a 503 policy block, with a
    short exponential backoff starting at ``backoff`` seconds.
    The client holds no connection state and may be shared between threads.
    """

    def __init__(self, url, token=None, timeout=60.0, retries=3, backoff=0.5):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff

    def _headers(self, step=None):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if step is not None:
            headers["X-Rewire-Step"] = str(int(step))
        return headers

    def score(self, samples, step=None, group_size=None):
        """POST ``samples`` to ``/v1/score`` and return the decoded response.

        The response has ``records`` (aligned with ``samples``; ``None`` where
        a sample was rejected), ``rejected`` and ``policy``. ``group_size``: the
        samples of a whole group (the server holds a group's samples until it
        has them, across requests). Raises ``RewireBlocked`` on a policy block,
        ``RewireError`` otherwise.
        """
        samples = list(samples)
        body = {"samples": samples}
        if step is not None:
            body["step"] = int(step)
        if group_size is not None:
            body["group_size"] = int(group_size)
        data = json.dumps(body, default=_json_default).encode("utf-8")
        headers = self._headers(step)
        attempt = 0
        while True:
            request = urllib.request.Request(self.url + "/v1/score", data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
                    status = response.status
                break
            except urllib.error.HTTPError as exc:
                raw = _read_quietly(exc)
                payload = _decode_json(raw)
                error = payload.get("error") if isinstance(payload, dict) else None
                blocked = payload.get("blocked") if isinstance(payload, dict) else None
                if exc.code == 503 and isinstance(blocked, dict):
                    rule, reason = blocked.get("rule"), blocked.get("reason")
                    raise RewireBlocked(
                        "Rewire blocked scoring: rule %s: %s" % (rule, reason),
                        rule=rule, reason=reason, error=error, body=payload,
                    ) from None
                if 500 <= exc.code < 600 and attempt < self.retries:
                    attempt = self._sleep(attempt)
                    continue
                raise RewireError(
                    "Rewire answered HTTP %d: %s" % (exc.code, error or _snippet(raw) or exc.reason),
                    status=exc.code, error=error, body=payload,
                ) from None
            except (OSError, http.client.HTTPException) as exc:  # URLError, ConnectionError, timeouts
                if attempt < self.retries:
                    attempt = self._sleep(attempt)
                    continue
                reason = getattr(exc, "reason", exc)
                raise RewireError("cannot reach Rewire at %s: %s" % (self.url, reason)) from exc
        payload = _decode_json(raw)
        if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
            raise RewireError("Rewire answered HTTP %d with an unexpected body: %s" % (status, _snippet(raw)),
                              status=status, body=payload)
        if len(payload["records"]) != len(samples):
            raise RewireError("Rewire answered %d records for %d samples" % (len(payload["records"]), len(samples)),
                              status=status, body=payload)
        payload.setdefault("rejected", [])
        return payload

    def _sleep(self, attempt):
        time.sleep(min(self.backoff * (2 ** attempt), 8.0))
        return attempt + 1

    def ready(self):
        """True when ``GET /ready`` answers 200; False on any other answer or error."""
        request = urllib.request.Request(self.url + "/ready", headers=self._headers(), method="GET")
        try:
            with urllib.request.urlopen(request, timeout=min(self.timeout, 10.0)) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError, ValueError):
            return False


def _read_quietly(exc):
    try:
        return exc.read()
    except Exception:  # noqa: BLE001 - the body is only used for the message
        return b""


def _decode_json(raw):
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None


def _snippet(raw, limit=200):
    if not raw:
        return ""
    text = raw.decode("utf-8", "replace").strip()
    return text[:limit] + ("..." if len(text) > limit else "")


def _json_default(value):
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        try:
            return tolist()
        except Exception:  # noqa: BLE001
            pass
    return str(value)


def _jsonable(value):
    """``value`` if it serialises to JSON, else a JSON-friendly conversion (``tolist()`` or ``str()``)."""
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError, OverflowError):
        pass
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        try:
            converted = tolist()
            json.dumps(converted, allow_nan=False)
            return converted
        except (TypeError, ValueError, OverflowError):
            pass
        except Exception:  # noqa: BLE001
            pass
    return str(value)


# --------------------------------------------------------------------------- pure helpers


def trainer_step(trainer_state):
    """The trainer's global step from a TRL ``TrainerState`` (or anything with ``global_step``), else None."""
    step = getattr(trainer_state, "global_step", None) if trainer_state is not None else None
    try:
        return int(step) if step is not None else None
    except (TypeError, ValueError):
        return None


def _column_value(values, index, count):
    """The per-sample value of a TRL column: lists aligned with completions are indexed, anything else broadcast."""
    if isinstance(values, (list, tuple)) and len(values) == count:
        return values[index]
    return values


def build_trl_samples(prompts, completions, columns=None, domain=None, reference_column=None, completion_ids=None):
    """Build one Rewire sample per TRL completion.

    ``columns`` holds the dataset columns TRL passes as keyword arguments
    (lists aligned with ``completions``). The reference is taken from
    ``columns[reference_column]`` when given, else from the first of
    ``solution``, ``ground_truth``, ``answer``, ``reference`` present. The
    domain is the ``domain`` argument, else the ``domain`` column, else the
    ``data_source`` column. Every other column is copied onto the sample as a
    field (a column named ``id`` is copied as ``dataset_id``, since sample ids
    must differ between the generations of one prompt); values that do not
    serialise to JSON are converted with ``str()``.
    """
    columns = {k: v for k, v in (columns or {}).items() if k not in _TRL_NON_COLUMNS}
    completions = list(completions)
    prompts = list(prompts)
    count = len(completions)
    if len(prompts) != count:
        raise ValueError("got %d prompts for %d completions" % (len(prompts), count))

    if reference_column is not None:
        if reference_column not in columns:
            raise KeyError("reference column %r is not among the columns: %s"
                           % (reference_column, sorted(columns)))
        ref_col = reference_column
    else:
        ref_col = next((c for c in REFERENCE_COLUMNS if c in columns), None)

    domain_col = None
    if domain is None:
        domain_col = next((c for c in ("domain", "data_source") if c in columns), None)

    used = {ref_col, domain_col}
    samples = []
    for i in range(count):
        sample = {"prompt": _jsonable(prompts[i]), "completion": _jsonable(completions[i])}
        if ref_col is not None:
            sample["reference"] = _jsonable(_column_value(columns[ref_col], i, count))
        if domain is not None:
            sample["domain"] = domain
        elif domain_col is not None:
            value = _column_value(columns[domain_col], i, count)
            if value is not None:
                sample["domain"] = _jsonable(value)
        for name, values in columns.items():
            if name in used:
                continue
            key = "dataset_id" if name == "id" else name
            if key in _RESERVED_SAMPLE_KEYS or key in sample:
                continue
            sample[key] = _jsonable(_column_value(values, i, count))
        if "completion_tokens" not in sample and completion_ids is not None:
            ids = _column_value(completion_ids, i, count)
            if isinstance(ids, (list, tuple)) or hasattr(ids, "__len__"):
                try:
                    sample["completion_tokens"] = len(ids)
                except TypeError:
                    pass
        samples.append(sample)
    return samples


def _has_value(term):
    return isinstance(term, dict) and "value" in term and term["value"] is not None


def reward_from_record(record):
    """The record's reward, or None when the sample was rejected (``record`` is None)
    or when no term has a value (every routed term abstained)."""
    if record is None:
        return None
    terms = record.get("terms") or {}
    if not any(_has_value(t) for t in terms.values()):
        return None
    reward = record.get("reward")
    return float(reward) if reward is not None else None


def rewards_from_records(records):
    """``reward_from_record`` over a list of records."""
    return [reward_from_record(r) for r in records]


def _term_names(records):
    names = set()
    for record in records:
        if record is not None:
            names.update((record.get("terms") or {}).keys())
    return sorted(names)


def term_metrics(records):
    """Scalar metrics per term, keyed ``rewire/{term}/mean`` and ``rewire/{term}/abstain_rate``.

    ``mean`` is over the samples where the term has a value (left out when it
    has none); ``abstain_rate`` is the share of the scored samples carrying
    the term in which it abstained.
    """
    metrics = {}
    for name in _term_names(records):
        values, present, abstained = [], 0, 0
        for record in records:
            if record is None:
                continue
            term = (record.get("terms") or {}).get(name)
            if term is None:
                continue
            present += 1
            if _has_value(term):
                values.append(float(term["value"]))
            else:
                abstained += 1
        if values:
            metrics["rewire/%s/mean" % name] = math.fsum(values) / len(values)
        if present:
            metrics["rewire/%s/abstain_rate" % name] = abstained / present
    return metrics


def term_columns(records):
    """Per-sample columns ``rewire/{term}``: the term's value, or None (abstained, absent or rejected)."""
    columns = {}
    for name in _term_names(records):
        column = []
        for record in records:
            term = (record.get("terms") or {}).get(name) if record is not None else None
            column.append(float(term["value"]) if _has_value(term) else None)
        columns["rewire/%s" % name] = column
    return columns


def build_verl_sample(data_source, solution_str, ground_truth, extra_info=None, domain=None):
    """One Rewire sample from veRL's per-sample arguments.

    The prompt is ``extra_info["question"]`` or ``extra_info["prompt"]``, else "".
    ``extra_info`` is sent as is: its ``index`` (and ``split``) is the group key.
    ``data_source`` is sent as is; the server maps it to a domain
    (``--domain-map``, else ``--domain``) unless ``domain`` is given.
    """
    info = extra_info if isinstance(extra_info, dict) else {}
    prompt = info.get("question")
    if prompt is None:
        prompt = info.get("prompt")
    sample = {
        "prompt": _jsonable(prompt) if prompt is not None else "",
        "completion": _jsonable(solution_str),
        "reference": _jsonable(ground_truth),
    }
    if data_source is not None:
        sample["data_source"] = _jsonable(data_source)
    if domain is not None:
        sample["domain"] = domain
    if extra_info is not None:
        sample["extra_info"] = _jsonable(extra_info)
    return sample


def verl_result(record, rejection=None, rejected_score=None, log_terms=None):
    """veRL's result dict for one record: ``{"score": reward, term: value, ...}``.

    veRL takes the keys of the first sample's dict for every sample, so the keys
    are the server's fixed ``log_terms`` (from its response) when given: each
    term's value where it scored the sample, else 0.0 (not routed, or abstained;
    the record says why). Without ``log_terms``, only terms with a value are
    included. For a rejected sample (``record`` is None) this raises
    ``RewireError`` unless ``rejected_score`` is given, in which case the score
    is ``rejected_score`` and every term 0.0.
    """
    names = [t for t in (log_terms or []) if t != "score"]
    if record is None:
        if rejected_score is None:
            raise RewireError("Rewire rejected the sample: %s" % (rejection or "no reason given"),
                              error=rejection)
        result = {"score": float(rejected_score)}
        result.update({name: 0.0 for name in names})
        return result
    result = {"score": float(record.get("reward") or 0.0)}
    terms = record.get("terms") or {}
    if names:
        for name in names:
            term = terms.get(name)
            result[name] = float(term["value"]) if term is not None and _has_value(term) else 0.0
        return result
    for name, term in sorted(terms.items()):
        if _has_value(term) and name != "score":
            result[name] = float(term["value"])
    return result


def _rejections(response):
    reasons = {}
    for entry in response.get("rejected") or []:
        if isinstance(entry, dict) and isinstance(entry.get("index"), int):
            reasons[entry["index"]] = entry.get("error")
    return reasons


# --------------------------------------------------------------------------- TRL


def trl_reward_function(url=None, token=None, domain=None, reference_column=None, name="rewire",
                        group_size=None):
    """An async TRL reward function that scores completions with Rewire.

    ``url`` defaults to env ``REWIRE_URL`` else ``http://127.0.0.1:8777``;
    ``token`` to env ``REWIRE_TOKEN``. See ``build_trl_samples`` for how the
    samples are built and ``reward_from_record`` for when a reward is None.
    ``group_size``: GRPO's ``num_generations``; the server then scores each
    prompt's generations as one group even when TRL splits them across ranks.
    """
    client = RewireClient(_env_url(url), token=_env_token(token))

    async def reward_function(prompts, completions, completion_ids=None, trainer_state=None,
                              log_extra=None, log_metric=None, **columns):
        samples = build_trl_samples(prompts, completions, columns, domain=domain,
                                    reference_column=reference_column, completion_ids=completion_ids)
        if not samples:
            return []
        step = trainer_step(trainer_state)
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(None, functools.partial(client.score, samples, step, group_size))
        records = response["records"]
        if log_metric is not None:
            for metric, value in term_metrics(records).items():
                log_metric(metric, value)
        if log_extra is not None:
            for column, values in term_columns(records).items():
                log_extra(column, values)
        return rewards_from_records(records)

    reward_function.__name__ = name
    reward_function.__qualname__ = name
    reward_function.client = client
    return reward_function


# --------------------------------------------------------------------------- veRL

_CLIENTS = {}


def _client_for(kwargs):
    url = _env_url(kwargs.get("url"))
    token = _env_token(kwargs.get("token"))
    timeout = float(kwargs.get("timeout", 60.0))
    key = (url, token, timeout)
    client = _CLIENTS.get(key)
    if client is None:
        client = _CLIENTS[key] = RewireClient(url, token=token, timeout=timeout)
    return client


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """veRL custom reward function: score one sample, return ``{"score": reward, term: value, ...}``.

    Keyword options: ``url``, ``token`` (else env ``REWIRE_URL`` / ``REWIRE_TOKEN``),
    ``timeout``, ``domain``, ``step``, ``group_size`` (see the module's Groups
    note) and ``rejected_score`` (score used for a rejected sample instead of
    raising ``RewireError``). Without ``group_size`` a single-sample request is
    a group of its own: group terms abstain and its advantage is 0.
    """
    sample = build_verl_sample(data_source, solution_str, ground_truth, extra_info, domain=kwargs.get("domain"))
    response = _client_for(kwargs).score([sample], step=kwargs.get("step"), group_size=kwargs.get("group_size"))
    return verl_result(response["records"][0], _rejections(response).get(0), kwargs.get("rejected_score"),
                       response.get("log_terms"))


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs):
    """veRL batch reward function: score all samples in one request, return one dict per sample.

    Same keyword options as ``compute_score``. Samples of one dataset row
    (``extra_info`` index) or one prompt text form a group on the server.
    """
    count = len(solution_strs)
    if extra_infos is None:
        extra_infos = [None] * count
    if not (len(data_sources) == len(ground_truths) == len(extra_infos) == count):
        raise ValueError("compute_score_batch: argument lengths differ")
    domain = kwargs.get("domain")
    samples = [build_verl_sample(data_sources[i], solution_strs[i], ground_truths[i], extra_infos[i], domain=domain)
               for i in range(count)]
    if not samples:
        return []
    response = _client_for(kwargs).score(samples, step=kwargs.get("step"), group_size=kwargs.get("group_size"))
    reasons = _rejections(response)
    return [verl_result(record, reasons.get(i), kwargs.get("rejected_score"), response.get("log_terms"))
            for i, record in enumerate(response["records"])]
