"""A parser for the subset of ASN.1 (ITU-T X.680/X.681/X.682/X.683) that the
3GPP RAN application protocols use: type and value assignments, information
object classes, objects and object sets, parameterised types, subtype
constraints (value ranges, SIZE, CONTAINING, table constraints) and extension
markers. It builds a plain model (dicts of Type objects) for the emitter; it
does not try to be a general ASN.1 compiler."""

import re

TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<assign>::=)
  | (?P<ellipsis>\.\.\.)
  | (?P<range>\.\.)
  | (?P<lbr2>\[\[)
  | (?P<rbr2>\]\])
  | (?P<field>&[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)
  | (?P<number>-?[0-9]+)
  | (?P<ident>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)
  | (?P<punct>[{}()\[\],|;:.@!<>])
""", re.VERBOSE)


class Asn1Error(Exception):
    pass


def strip_comments(text):
    # "--" starts a comment that ends at the end of the line or at the next "--".
    out = []
    for line in text.split("\n"):
        out.append(re.sub(r"--.*?(--|$)", " ", line))
    return "\n".join(out)


def tokenize(text):
    text = strip_comments(text)
    tokens = []
    pos = 0
    line = 1
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise Asn1Error(f"line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        s = m.group(kind)
        if kind != "ws":
            tokens.append((s, line))
        line += s.count("\n")
        pos = m.end()
    return tokens


class Type:
    """One ASN.1 type. kind is one of: seq, seqof, choice, enum, int, bits,
    octets, str, null, bool, oid, ref, pref (parameterised reference), field
    (information object class field reference)."""

    def __init__(self, kind, **kw):
        self.kind = kind
        self.comps = []        # seq/choice root components: list of Component
        self.ext_comps = []    # seq/choice extension additions
        self.ext = False       # extension marker present
        self.elem = None       # seqof element
        self.size = None       # Constraint of SIZE
        self.constraint = None  # value Constraint (int)
        self.containing = None  # OCTET STRING (CONTAINING X): Type
        self.names = []        # enum root names
        self.ext_names = []    # enum extension names
        self.strkind = None    # str: PrintableString, VisibleString, UTF8String, ...
        self.name = None       # ref/pref/field: referenced name
        self.args = []         # pref: object set names
        self.field = None      # field: &field name
        self.table_set = None  # field: the object set of its table constraint
        self.__dict__.update(kw)


class Component:
    def __init__(self, name, type_, optional=False, default=None):
        self.name = name
        self.type = type_
        self.optional = optional
        self.default = default


class Constraint:
    def __init__(self):
        self.ranges = []   # (lb, ub) values: int, identifier, "MIN", "MAX"
        self.ext = False
        self.size = None
        self.containing = None
        self.table = False


class Module:
    def __init__(self, name):
        self.name = name
        self.types = {}        # name -> Type (in definition order)
        self.values = {}       # name -> (type name, value)
        self.object_sets = {}  # name -> (class name, [element]); element: dict object or str reference
        self.objects = {}      # name -> (class name, dict)
        self.classes = set()
        self.ptypes = {}       # parameterised type name -> Type


OBJECT_KEYWORDS = {
    ("INITIATING", "MESSAGE"): "init",
    ("SUCCESSFUL", "OUTCOME"): "succ",
    ("UNSUCCESSFUL", "OUTCOME"): "unsucc",
    ("PROCEDURE", "CODE"): "code",
    ("CRITICALITY",): "crit",
    ("ID",): "id",
    ("TYPE",): "type",
    ("EXTENSION",): "type",
    ("PRESENCE",): "presence",
}


class Parser:
    def __init__(self, tokens):
        self.toks = tokens
        self.i = 0

    # -- token helpers
    def peek(self, k=0):
        j = self.i + k
        return self.toks[j][0] if j < len(self.toks) else None

    def next(self):
        if self.i >= len(self.toks):
            raise Asn1Error("unexpected end of input")
        t = self.toks[self.i][0]
        self.i += 1
        return t

    def line(self):
        return self.toks[min(self.i, len(self.toks) - 1)][1]

    def expect(self, s):
        t = self.next()
        if t != s:
            raise Asn1Error(f"line {self.line()}: expected {s!r}, got {t!r}")
        return t

    def skip_balanced(self, open_, close):
        self.expect(open_)
        depth = 1
        out = []
        while depth:
            t = self.next()
            if t == open_:
                depth += 1
            elif t == close:
                depth -= 1
                if depth == 0:
                    break
            out.append(t)
        return out

    # -- modules
    def parse_modules(self):
        modules = []
        while self.peek() is not None:
            modules.append(self.parse_module())
        return modules

    def parse_module(self):
        mod = Module(self.next())
        if self.peek() == "{":
            self.skip_balanced("{", "}")
        while self.peek() != "::=":
            self.next()  # DEFINITIONS AUTOMATIC TAGS
        self.expect("::=")
        self.expect("BEGIN")
        while True:
            t = self.peek()
            if t == "END":
                self.next()
                return mod
            if t in ("IMPORTS", "EXPORTS"):
                while self.next() != ";":
                    pass
                continue
            self.parse_assignment(mod)

    def parse_assignment(self, mod):
        name = self.next()
        if self.peek() == "{":  # parameterised type assignment
            self.skip_balanced("{", "}")
            self.expect("::=")
            mod.ptypes[name] = self.parse_type()
            return
        if self.peek() == "::=":
            self.next()
            if self.peek() == "CLASS":
                self.next()
                self.skip_balanced("{", "}")
                if self.peek() == "WITH":
                    self.next()
                    self.expect("SYNTAX")
                    self.skip_balanced("{", "}")
                mod.classes.add(name)
                return
            if name in mod.types:
                raise Asn1Error(f"line {self.line()}: {name} defined twice")
            mod.types[name] = self.parse_type()
            return
        # "name Type ::= value", "Set CLASS ::= {...}", "object CLASS ::= {...}"
        gov = self.next()
        self.expect("::=")
        if name[0].isupper():
            mod.object_sets[name] = (gov, self.parse_object_set())
        elif self.peek() == "{":
            mod.objects[name] = (gov, self.parse_object(self.skip_balanced("{", "}")))
        else:
            v = self.next()
            mod.values[name] = (gov, int(v) if re.fullmatch(r"-?[0-9]+", v) else v)

    def parse_object_set(self):
        self.expect("{")
        elems = []
        while True:
            t = self.peek()
            if t == "}":
                self.next()
                return elems
            if t in ("|", ","):
                self.next()
            elif t == "...":
                self.next()
            elif t == "{":
                elems.append(self.parse_object(self.skip_balanced("{", "}")))
            else:
                elems.append(self.next())

    def parse_object(self, toks):
        """Fields of one object written in the class's WITH SYNTAX notation."""
        fields = {}
        i = 0
        starts = {k[0] for k in OBJECT_KEYWORDS}

        def keyword_at(j):
            for kw, key in OBJECT_KEYWORDS.items():
                if tuple(toks[j:j + len(kw)]) == kw:
                    return kw, key
            return None, None

        while i < len(toks):
            kw, key = keyword_at(i)
            if kw is None:
                raise Asn1Error(f"unexpected {toks[i]!r} in object definition {toks}")
            i += len(kw)
            j = i
            depth = 0
            while j < len(toks):
                if toks[j] in "({":
                    depth += 1
                elif toks[j] in ")}":
                    depth -= 1
                elif depth == 0 and toks[j] in starts and keyword_at(j)[0]:
                    break
                j += 1
            val = toks[i:j]
            if key in ("init", "succ", "unsucc", "type"):
                sub = Parser([(t, 0) for t in val])
                fields[key] = sub.parse_type()
            else:
                fields[key] = val[0] if len(val) == 1 else " ".join(val)
            i = j
        return fields

    # -- types
    def parse_type(self):
        t = self.next()
        if t == "SEQUENCE" or t == "SET":
            if self.peek() == "{":
                ty = Type("seq")
                self.parse_components(ty)
                return ty
            ty = Type("seqof")
            if self.peek() == "(":
                c = self.parse_constraint()
                ty.size = c.size
            elif self.peek() == "SIZE":
                self.next()
                ty.size = self.parse_constraint()
            self.expect("OF")
            ty.elem = self.parse_type()
            return ty
        if t == "CHOICE":
            ty = Type("choice")
            self.parse_components(ty)
            return ty
        if t == "ENUMERATED":
            ty = Type("enum")
            self.expect("{")
            in_ext = False
            while True:
                x = self.next()
                if x == "}":
                    break
                if x == ",":
                    continue
                if x == "...":
                    in_ext = True
                    ty.ext = True
                    continue
                if self.peek() == "(":
                    self.skip_balanced("(", ")")
                (ty.ext_names if in_ext else ty.names).append(x)
            return self.constrained(ty)
        if t == "INTEGER":
            ty = Type("int")
            if self.peek() == "{":
                self.skip_balanced("{", "}")
            return self.constrained(ty)
        if t == "BIT":
            self.expect("STRING")
            ty = Type("bits")
            if self.peek() == "{":
                self.skip_balanced("{", "}")
            return self.constrained(ty)
        if t == "OCTET":
            self.expect("STRING")
            return self.constrained(Type("octets"))
        if t in ("PrintableString", "VisibleString", "UTF8String", "IA5String", "NumericString"):
            return self.constrained(Type("str", strkind=t))
        if t == "NULL":
            return Type("null")
        if t == "BOOLEAN":
            return Type("bool")
        if t == "OBJECT":
            self.expect("IDENTIFIER")
            return Type("oid")
        if not re.match(r"[A-Za-z]", t):
            raise Asn1Error(f"line {self.line()}: unexpected {t!r} where a type was expected")
        if self.peek() == "." and self.peek(1) and self.peek(1).startswith("&"):
            self.next()
            ty = Type("field", name=t, field=self.next())
            return self.constrained(ty)
        if self.peek() == "{":
            args = self.skip_balanced("{", "}")
            names = [a for a in args if re.match(r"[A-Za-z]", a)]
            return self.constrained(Type("pref", name=t, args=names))
        return self.constrained(Type("ref", name=t))

    def constrained(self, ty):
        while self.peek() == "(":
            c = self.parse_constraint()
            if c.containing is not None:
                ty.containing = c.containing
            if c.size is not None:
                ty.size = c.size
            if c.ranges:
                ty.constraint = c
            elif c.ext and ty.kind == "int":
                ty.constraint = c
            if c.table:
                ty.table_set = c.table_set
        return ty

    def parse_components(self, ty):
        self.expect("{")
        in_ext = False
        while True:
            t = self.peek()
            if t == "}":
                self.next()
                return
            if t == ",":
                self.next()
                continue
            if t == "...":
                self.next()
                ty.ext = True
                in_ext = not in_ext
                continue
            if t == "[[":
                raise Asn1Error(f"line {self.line()}: extension addition groups are not supported")
            name = self.next()
            ctype = self.parse_type()
            comp = Component(name, ctype)
            if self.peek() == "OPTIONAL":
                self.next()
                comp.optional = True
            elif self.peek() == "DEFAULT":
                self.next()
                comp.optional = True
                comp.default = self.next()
            (ty.ext_comps if in_ext else ty.comps).append(comp)

    def parse_constraint(self):
        self.expect("(")
        c = Constraint()
        if self.peek() == "{":
            inner = self.skip_balanced("{", "}")
            while self.peek() == "{":
                self.skip_balanced("{", "}")
            self.expect(")")
            c.table = True
            c.table_set = next((t for t in inner if re.match(r"[A-Za-z]", t)), None)
            return c
        if self.peek() == "CONTAINING":
            self.next()
            c.containing = self.parse_type()
            self.expect(")")
            return c
        self.parse_element_set(c)
        while self.peek() == ",":
            self.next()
            if self.peek() == "...":
                self.next()
                c.ext = True
            else:
                self.parse_element_set(Constraint())  # additional elements: not PER-visible
        self.expect(")")
        return c

    def parse_element_set(self, c):
        self.parse_element(c)
        while self.peek() == "|":
            self.next()
            self.parse_element(c)

    def parse_element(self, c):
        if self.peek() == "SIZE":
            self.next()
            c.size = self.parse_constraint()
            return
        if self.peek() == "(":
            sub = self.parse_constraint()
            c.ranges += sub.ranges
            if sub.size:
                c.size = sub.size
            return
        lo = self.parse_value()
        hi = lo
        if self.peek() == "..":
            self.next()
            hi = self.parse_value()
        c.ranges.append((lo, hi))

    def parse_value(self):
        v = self.next()
        if re.fullmatch(r"-?[0-9]+", v):
            return int(v)
        return v


def parse_file(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return Parser(tokenize(text)).parse_modules(), text
