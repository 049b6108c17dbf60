"""Free names for URLs and mentions: "dilemma", then "dilemma-2", "dilemma-3"…"""


def first_free(base, taken):
    """`base` if it is not in `taken`, else `base-N` with the lowest free N from 2."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
