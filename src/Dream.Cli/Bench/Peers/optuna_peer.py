#!/usr/bin/env python3
"""Optuna peer of `dream bench search`.

Runs Optuna's default sampler, TPESampler(seed=SEED) with every other setting at its default, in ask/tell form,
while Dream measures and scores each candidate: the peer only proposes. JSON lines over stdin/stdout:

  dream -> {"seed": N, "knobs": [{"name", "type": float|int|levels|choice|bool, ...}]}
  peer  -> {"ready": true, "optuna": VERSION}      or {"error": WHY} and exit 3
  dream -> {"op": "ask"}                           peer -> {"params": {knob: value}}
  dream -> {"op": "tell", "score": X|null}         peer -> {"ok": true}   (null: unsafe, told as FAIL)
  dream -> {"op": "quit"}

A "levels" knob (a stepped float) is asked as the index of its level, IntDistribution(0, count - 1): the same grid.
The study maximises Dream's score_v2.
"""
import json
import sys


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def distributions(knobs, d):
    out = {}
    for k in knobs:
        t = k["type"]
        if t == "float":
            out[k["name"]] = d.FloatDistribution(k["min"], k["max"], log=k["log"])
        elif t == "int":
            out[k["name"]] = d.IntDistribution(k["min"], k["max"], step=k["step"], log=k["log"])
        elif t == "levels":
            out[k["name"]] = d.IntDistribution(0, k["count"] - 1)
        elif t == "choice":
            out[k["name"]] = d.CategoricalDistribution(k["choices"])
        elif t == "bool":
            out[k["name"]] = d.CategoricalDistribution([False, True])
        else:
            raise ValueError("unknown knob type " + t)
    return out


def main():
    header = json.loads(sys.stdin.readline())
    try:
        import optuna
        import optuna.distributions as dist
    except Exception as e:  # noqa: BLE001 - any import failure makes the peer unavailable, with its reason
        send({"error": "cannot import optuna: %s: %s" % (type(e).__name__, e)})
        return 3
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        dists = distributions(header["knobs"], dist)
    except Exception as e:  # noqa: BLE001
        send({"error": "cannot express the knobs for optuna: %s" % e})
        return 3
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=header["seed"]))
    send({"ready": True, "optuna": optuna.__version__})
    trial = None
    for line in sys.stdin:
        msg = json.loads(line)
        op = msg.get("op")
        if op == "ask":
            trial = study.ask(dists)
            send({"params": trial.params})
        elif op == "tell":
            if msg.get("score") is None:
                study.tell(trial, state=optuna.trial.TrialState.FAIL)
            else:
                study.tell(trial, float(msg["score"]))
            send({"ok": True})
        elif op == "quit":
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
