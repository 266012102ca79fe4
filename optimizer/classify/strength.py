"""Strength sessions the runner's own plan already has ("Runna: Strength & Conditioning",
"Gym", "Krafttraining", "Renforcement musculaire", "Fuerza").

Running apps and coaches put strength days in a running plan. legday counts them: they take
their place in the week's sessions, and no legday session comes within a day of them (see
``constraints/own_strength.py``). Only an event that *is* a strength session counts: core work,
drills or a circuit are not, and a choice ("Cross Training or Strength Training", "Rest /
optional gym") is a free day the runner may fill, which legday plans like any other.
"""

from __future__ import annotations

import re

from optimizer.classify.text import fold, strip_app

_STRENGTH = re.compile(
    r"\b(?:strength|s&c|s & c|gym|weights?|weight training|weightlifting|lifting|"
    r"kraft|krafttraining|kraftraum|fitnessstudio|"
    r"fuerza|entrenamiento de fuerza|musculacion|gimnasio|pesas|"
    r"renforcement|renforcement musculaire|musculation|salle|"
    r"forza|allenamento di forza|palestra|pesi|"
    r"forca|treino de forca|musculacao|academia|"
    r"kracht|krachttraining|sportschool)\b"
)
_CHOICE = re.compile(
    r"\b(?:or|o|oder|ou|of|oppure|optional|opcional|optionnel|facoltativo|facultativo|"
    r"optioneel|fakultativ|if you like|si quieres|nach lust)\b|/|\?"
)


def is_strength_session(title: str) -> bool:
    """Whether an event titled ``title`` is a strength session of its own (not a choice)."""
    text = fold(strip_app(title)[0])
    return bool(_STRENGTH.search(text)) and not _CHOICE.search(text)
