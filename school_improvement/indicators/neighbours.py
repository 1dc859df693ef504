"""Default statistical neighbours.

The DfE publishes, for every LA, its ten closest statistical neighbours (the
"Children's services statistical neighbour benchmarking tool"). An LA enters its own
list (the Statistical neighbours page, or the admin); until then these defaults apply.

Northshire (989), the demo area, is a fictional shire county, so it has no published
list: its default is ten real shire counties, standing in for the list the DfE tool
gives a shire county. They are illustrative, not the DfE's list for any real LA.
"""

from __future__ import annotations

DEMO_LA_TYPE = "Shire county"

# LA code -> (neighbour LA codes, where the list comes from)
DEFAULT_NEIGHBOURS: dict[str, tuple[tuple[str, ...], str]] = {
    "989": (
        ("825", "873", "916", "919", "850", "865", "885", "936", "937", "931"),
        "Demo default: ten shire counties standing in for the DfE statistical "
        "neighbour list of a shire county",
    ),
}
