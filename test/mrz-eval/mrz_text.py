"""MRZ texts for the independent evaluation set (ICAO 9303 TD1, TD2, TD3), written from the standard and
sharing no code with the kiosk: check digits (7-3-1, modulus 10), field layouts, and the altered MRZs the
reader must not accept as valid ones (a wrong check digit, a changed character, a printed look-alike, and
a pair of look-alikes whose weights cancel so every check digit still passes)."""
import random

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def value(c):
    return 0 if c == "<" else ALPHABET.index(c)


def check_digit(s):
    w = (7, 3, 1)
    return str(sum(value(c) * w[i % 3] for i, c in enumerate(s)) % 10)


# ICAO 9303 specimen data (parts 4, 5, 6) plus other plausible holders; states known to ICAO 9303 part 3.
STATES = ["UTO", "D<<", "FRA", "NLD", "SWE", "GBR", "ITA", "ESP", "POL", "CZE", "AUT", "BEL", "DNK", "FIN", "NOR", "CHE", "PRT", "IRL", "USA", "CAN"]
SURNAMES = ["ERIKSSON", "MUSTERMANN", "DUPONT", "JANSSEN", "KOWALSKA", "NOVAK", "GARCIA<LOPEZ", "ROSSI", "OCONNOR", "VIRTANEN", "HANSEN", "SMITH<JONES", "MOREAU", "SILVA", "BERG", "WOZNIAK", "DE<JONG", "QUINTERO", "ZIMMERMANN", "OZTURK"]
GIVEN = ["ANNA<MARIA", "ERIKA", "JEAN<PIERRE", "PIETER", "ZOFIA", "JAN", "MARIA<JOSE", "LUCA", "SEAN", "MATTI", "INGRID", "OLIVER", "CLAIRE", "JOAO", "BIRGIT", "QUENTIN", "DIRK", "XAVIER", "HELGA", "YUSUF"]


def pad(s, n):
    s = s[:n]
    return s + "<" * (n - len(s))


def name_field(rnd, n):
    sur = rnd.choice(SURNAMES)
    giv = rnd.choice(GIVEN)
    return pad(sur + "<<" + giv, n)


def date(rnd, lo, hi):
    y = rnd.randint(lo, hi) % 100
    m = rnd.randint(1, 12)
    d = rnd.randint(1, 28)
    return "%02d%02d%02d" % (y, m, d)


def doc_number(rnd, pair_at=None):
    """Nine characters, letters and digits; with pair_at, "00" at that offset (weights 7 and 3)."""
    chars = []
    for i in range(9):
        chars.append(rnd.choice("0123456789") if rnd.random() < 0.6 or i > 6 else rnd.choice("ABCDEFGHJKLMNPRTVWXY"))
    if pair_at is not None:
        chars[pair_at] = chars[pair_at + 1] = "0"
    return "".join(chars)


def composite_of(fmt, lines):
    if fmt == "TD1":
        return check_digit(lines[0][5:30] + lines[1][0:7] + lines[1][8:15] + lines[1][18:29])
    l2 = lines[1]
    end = 35 if fmt == "TD2" else 43
    return check_digit(l2[0:10] + l2[13:20] + l2[21:end])


def build(fmt, rnd, pair_at=None):
    """A valid MRZ (every check digit right) as a list of lines, plus where its fields are."""
    state = rnd.choice(STATES)
    nat = rnd.choice([state, state, rnd.choice(STATES)])
    doc = doc_number(rnd, pair_at)
    birth = date(rnd, 1940, 2008)
    expiry = date(rnd, 2027, 2036)
    sex = rnd.choice("MF<")
    if fmt == "TD3":
        personal = pad("".join(rnd.choice("0123456789") for _ in range(rnd.choice([0, 8, 10]))), 14)
        pcheck = "<" if personal == "<" * 14 and rnd.random() < 0.5 else check_digit(personal)
        l1 = "P<" + state + name_field(rnd, 39)
        l2 = doc + check_digit(doc) + nat + birth + check_digit(birth) + sex + expiry + check_digit(expiry) + personal + pcheck
        lines = [l1, l2 + "0"]
        lines[1] = l2 + composite_of("TD3", lines)
        fields = {"doc": (1, 0), "birth": (1, 13), "expiry": (1, 21), "checks": [(1, 9), (1, 19), (1, 27), (1, 42), (1, 43)], "name": (0, 5)}
    elif fmt == "TD2":
        optional = pad("".join(rnd.choice("0123456789") for _ in range(rnd.choice([0, 4, 7]))), 7)
        l1 = rnd.choice(["I<", "ID", "AC"]) + state + name_field(rnd, 31)
        l2 = doc + check_digit(doc) + nat + birth + check_digit(birth) + sex + expiry + check_digit(expiry) + optional
        lines = [l1, l2 + "0"]
        lines[1] = l2 + composite_of("TD2", lines)
        fields = {"doc": (1, 0), "birth": (1, 13), "expiry": (1, 21), "checks": [(1, 9), (1, 19), (1, 27), (1, 35)], "name": (0, 5)}
    else:
        opt1 = pad("".join(rnd.choice("0123456789") for _ in range(rnd.choice([0, 5, 9]))), 15)
        opt2 = pad("", 11)
        l1 = rnd.choice(["I<", "ID", "IR"]) + state + doc + check_digit(doc) + opt1
        l2 = birth + check_digit(birth) + sex + expiry + check_digit(expiry) + nat + opt2 + "0"
        l3 = name_field(rnd, 30)
        lines = [l1, l2, l3]
        lines[1] = l2[:29] + composite_of("TD1", lines)
        fields = {"doc": (0, 5), "birth": (1, 0), "expiry": (1, 8), "checks": [(0, 14), (1, 6), (1, 14), (1, 29)], "name": (2, 0)}
    return lines, fields


def put(lines, li, col, c):
    return [l if i != li else l[:col] + c + l[col + 1:] for i, l in enumerate(lines)]


LOOKALIKE_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
# Pairs at weights 7 and 3 whose value changes are equal: 7d + 3d = 10d ≡ 0 (mod 10).
PAIR_SWAPS = [("0", "O"), ("0", "D"), ("8", "B"), ("1", "I"), ("5", "S")]


def alter(kind, fmt, rnd):
    """(printed lines, valid lines it was made from) for an alteration kind."""
    if kind == "paired_swap":
        at = rnd.choice([0, 3, 6])
        lines, f = build(fmt, rnd, pair_at=at)
        digit, letter = rnd.choice(PAIR_SWAPS)
        li, c0 = f["doc"]
        if digit != "0":
            lines, f = build(fmt, rnd, pair_at=at)
            lines = put(put(lines, li, c0 + at, digit), li, c0 + at + 1, digit)
            lines = fix_checks(fmt, lines)
        return put(put(lines, li, c0 + at, letter), li, c0 + at + 1, letter), lines
    lines, f = build(fmt, rnd)
    if kind == "wrong_check":
        li, col = rnd.choice(f["checks"])
        c = lines[li][col]
        return put(lines, li, col, rnd.choice([d for d in "0123456789" if d != c])), lines
    if kind == "changed_char":
        li, c0 = f[rnd.choice(["doc", "birth", "expiry"])]
        col = c0 + rnd.randint(0, 5)
        c = lines[li][col]
        pool = "0123456789" if c.isdigit() else "ABCDEFGHJKLMNPRTVWXY"
        return put(lines, li, col, rnd.choice([d for d in pool if d != c and LOOKALIKE_LETTER.get(c) != d])), lines
    if kind == "lookalike":
        # A digit in a date or the document number printed as its look-alike letter.
        for _ in range(50):
            li, c0 = f[rnd.choice(["doc", "birth", "expiry"])]
            col = c0 + rnd.randint(0, 5)
            c = lines[li][col]
            if c in LOOKALIKE_LETTER:
                return put(lines, li, col, LOOKALIKE_LETTER[c]), lines
        li, col = f["birth"]
        return put(lines, li, col, "O" if lines[li][col] == "0" else "B"), lines
    raise ValueError(kind)


def fix_checks(fmt, lines):
    """Recomputes every check digit of an MRZ (after editing a field)."""
    if fmt == "TD1":
        l1, l2 = lines[0], lines[1]
        l1 = l1[:14] + check_digit(l1[5:14]) + l1[15:]
        l2 = l2[:6] + check_digit(l2[0:6]) + l2[7:14] + check_digit(l2[8:14]) + l2[15:]
        out = [l1, l2, lines[2]]
        return put(out, 1, 29, composite_of("TD1", out))
    l2 = lines[1]
    l2 = l2[:9] + check_digit(l2[0:9]) + l2[10:19] + check_digit(l2[13:19]) + l2[20:27] + check_digit(l2[21:27]) + l2[28:]
    if fmt == "TD3" and l2[42] != "<":
        l2 = l2[:42] + check_digit(l2[28:42]) + l2[43:]
    out = [lines[0], l2]
    return put(out, 1, len(l2) - 1, composite_of(fmt, out))


def checks_valid(fmt, lines):
    """Every check digit right and every digit-only position a digit (independent of the kiosk's parser)."""
    if fix_checks(fmt, lines) != lines and not (fmt == "TD3" and lines[1][42] == "<" and fix_checks(fmt, lines)[1][:42] == lines[1][:42]):
        return False
    num = {"TD1": [(1, range(0, 7)), (1, range(8, 15)), (1, range(29, 30)), (0, range(14, 15))],
           "TD2": [(1, range(9, 10)), (1, range(13, 20)), (1, range(21, 28)), (1, range(35, 36))],
           "TD3": [(1, range(9, 10)), (1, range(13, 20)), (1, range(21, 28)), (1, range(43, 44))]}[fmt]
    return all(lines[li][c].isdigit() for li, cols in num for c in cols)


def make(fmt, kind, rnd):
    if kind == "valid":
        lines, _ = build(fmt, rnd)
        return lines
    printed, _ = alter(kind, fmt, rnd)
    return printed


if __name__ == "__main__":
    r = random.Random(1)
    for fmt in ("TD1", "TD2", "TD3"):
        for kind in ("valid", "wrong_check", "changed_char", "lookalike", "paired_swap"):
            t = make(fmt, kind, r)
            print(fmt, kind.ljust(12), checks_valid(fmt, t), " / ".join(t))
