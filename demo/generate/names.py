"""Made-up names built from syllables: plausible on a roster, belonging to nobody."""

import random

_FIRST_START = [
    "Al", "Bren", "Cal", "Dar", "El", "Fen", "Gar", "Hal", "Isa", "Jor", "Kel", "Lor", "Mar", "Nel", "Or", "Per",
    "Ros", "Sel", "Tam", "Vel", "Wen", "Yar", "Zel", "Bri", "Cor", "Dan", "Eri", "Fin", "Ger", "Har", "Jes", "Kai",
    "Lia", "Mai", "Nia", "Oli", "Ren", "Tor", "Ada", "Bel", "Cas", "Del", "Ema", "Gil", "Ila", "Lu", "Mei", "Ny",
]
_FIRST_END = [
    "a", "an", "en", "ie", "on", "ys", "in", "ia", "el", "o", "ey", "ric", "wyn", "ette", "iel", "ah", "ert", "ana",
    "is", "ly", "dra", "mon", "na", "ek",
]
_LAST_START = [
    "Ash", "Brack", "Carr", "Dun", "Ell", "Fair", "Garr", "Hollo", "Ink", "Kers", "Lang", "Marl", "Nor", "Ock",
    "Pell", "Quar", "Rath", "Sel", "Thorn", "Umber", "Vane", "Whit", "Yarn", "Brom", "Cres", "Dray", "Fenn", "Gill",
    "Hart", "Kell", "Lock", "Mott", "Pry", "Rook", "Stan", "Tull", "Wray", "Ald", "Birk", "Coln", "Esk", "Harr",
]
_LAST_MIDDLE = ["", "", "", "a", "e", "i", "en", "er"]
_LAST_END = [
    "by", "ton", "ley", "worth", "ford", "well", "ham", "combe", "wick", "stead", "more", "field", "dale", "holt",
    "mere", "shaw", "wood", "croft", "gate", "low", "thwaite", "bridge",
]


def first_name(rng: random.Random) -> str:
    return rng.choice(_FIRST_START) + rng.choice(_FIRST_END)


def last_name(rng: random.Random) -> str:
    start = rng.choice(_LAST_START)
    middle = rng.choice(_LAST_MIDDLE)
    end = rng.choice(_LAST_END)
    # "Holloigate" reads badly: a joining syllable goes only between consonants.
    if middle and (end[0] in "aeiou" or start[-1] in "aeiou"):
        middle = ""
    return start + middle + end


def phone(rng: random.Random) -> str:
    # Ofcom reserves 07700 900000–900999 for drama: numbers that can never ring a real phone.
    return f"07700 900{rng.randint(0, 999):03d}"
