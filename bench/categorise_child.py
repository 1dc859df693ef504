"""One categorisation run at national size, timed in parts (run by bench.categorise in
its own process): python -m bench.categorise_child POLICY"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from engines.categorisation import evaluate
    from school_improvement.categorisation import services
    from school_improvement.categorisation.facts import build_facts
    from school_improvement.categorisation.models import SchoolResult
    from school_improvement.core import clock

    name = sys.argv[1]
    policy = services.policy_load(name)
    today = clock.today()
    schools = services.school_rows(None, today)
    wanted = tuple(policy.input_facts)
    t = time.perf_counter()
    facts = build_facts(schools, today, wanted=wanted).facts
    facts_s = time.perf_counter() - t
    t = time.perf_counter()
    results = [
        evaluate(
            policy,
            {k: facts[s.urn][k] for k in wanted if k in facts[s.urn]},
            as_of=today,
            urn=s.urn,
        )
        for s in schools
    ]
    evaluate_s = time.perf_counter() - t
    t = time.perf_counter()
    records = [r.to_dict() for r in results]
    to_dict_s = time.perf_counter() - t
    del results, records
    t, cpu = time.perf_counter(), time.process_time()
    run = services.categorisation_run(
        acting_user=None, policy_name=name, as_of=today, la_code="all"
    )
    whole_s, whole_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        json.dumps(
            {
                "policy": name,
                "schools": len(schools),
                "stored": SchoolResult.objects.filter(run=run).count(),
                "facts_s": facts_s,
                "evaluate_s": evaluate_s,
                "to_dict_s": to_dict_s,
                "run_s": whole_s,
                "run_cpu_s": whole_cpu,
                "store_s": max(0.0, whole_s - facts_s - evaluate_s),
                "categories": run.counts,
            }
        )
    )


if __name__ == "__main__":
    main()
