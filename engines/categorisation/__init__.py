"""The categorisation engine: load a policy (YAML, docs/policy-format.md), check it,
and evaluate it for schools' facts. Pure Python: never imports Django or the apps."""

from .eligibility import EligibilityResult, RouteResult, evaluate_eligibility
from .errors import (
    CsvFactsError,
    CsvProblem,
    FactValueError,
    ParameterValueError,
    PolicyError,
    PolicyProblem,
    RuleEvaluationError,
)
from .evaluate import (
    OUTCOMES,
    ItemResult,
    Result,
    SkippedCategory,
    coerce_fact,
    evaluate,
    evaluate_csv,
)
from .facts import SYSTEM_FACTS, VALUE_TYPES
from .leaders import LEADER_FACTS
from .policy import (
    ENTITLEMENT_DEFAULTS,
    FRAMEWORKS,
    WHEN_MISSING,
    CategorySpec,
    EligibilitySpec,
    FactSpec,
    FlagSpec,
    ParameterSpec,
    Policy,
    TriggerSpec,
    load_policies,
    load_policy,
)

__all__ = [
    "ENTITLEMENT_DEFAULTS",
    "LEADER_FACTS",
    "FRAMEWORKS",
    "OUTCOMES",
    "SYSTEM_FACTS",
    "VALUE_TYPES",
    "WHEN_MISSING",
    "CategorySpec",
    "CsvFactsError",
    "CsvProblem",
    "EligibilityResult",
    "EligibilitySpec",
    "FactSpec",
    "FactValueError",
    "FlagSpec",
    "ItemResult",
    "ParameterSpec",
    "ParameterValueError",
    "RouteResult",
    "Policy",
    "PolicyError",
    "PolicyProblem",
    "Result",
    "RuleEvaluationError",
    "SkippedCategory",
    "TriggerSpec",
    "coerce_fact",
    "evaluate",
    "evaluate_csv",
    "evaluate_eligibility",
    "load_policies",
    "load_policy",
]
