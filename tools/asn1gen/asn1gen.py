#!/usr/bin/env python3
"""asn1gen: ASN.1 (the 3GPP NGAP modules) -> C++23 APER codec.

    python3 tools/asn1gen/asn1gen.py ../shared/specs/ngap/38413-h30.asn --out .

writes include/meridian/ngap/*.hpp and lib/ngap/*.cpp (run from the
repository root; --out names the root). The output is deterministic, so a test
can regenerate into a temporary directory and compare with what is committed.

What comes out, per ASN.1 module:
  - one header with a plain struct (SEQUENCE), a struct holding a std::variant
    (CHOICE), std::vector (SEQUENCE OF), enum class (ENUMERATED) or a type alias
    (INTEGER, strings, ...) per type, the ASN.1 definition as a comment above it;
  - information object sets resolved: a message's ProtocolIE-Container becomes
    one typed member per IE (std::optional when the IE is optional), driven by
    a table (id, criticality, presence) that the asn1 runtime walks;
  - encode/decode functions (several .cpp files, none over ~1 MB) that call the
    small APER runtime in include/meridian/asn1 field by field, and JSON
    rendering functions in separate files.
Standard library only.
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from asn1_parser import Asn1Error, Type, parse_file  # noqa: E402

CPP_KEYWORDS = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "class", "compl", "concept", "const", "consteval", "constexpr", "constinit", "const_cast", "continue",
    "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else",
    "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq",
    "private", "protected", "public", "register", "reinterpret_cast", "requires", "return", "short", "signed",
    "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
    "volatile", "wchar_t", "while", "xor", "xor_eq", "major", "minor", "unix", "linux", "errno", "assert",
    "stdin", "stdout", "stderr", "EOF", "NULL",
}

PRIMITIVES = {"int", "bits", "octets", "str", "null", "bool", "oid"}
KNOWN_MULTIPLIER = {"PrintableString", "VisibleString", "IA5String"}
MAX_FILE_BYTES = 300_000

MODULE_FILES = {
    "NGAP-CommonDataTypes": "ngap_common_data_types",
    "NGAP-Constants": "ngap_constants",
    "NGAP-Containers": "ngap_containers",
    "NGAP-IEs": "ngap_ies",
    "NGAP-PDU-Contents": "ngap_pdu_contents",
    "NGAP-PDU-Descriptions": "ngap_pdu_descriptions",
}
MODULE_ORDER = ["NGAP-CommonDataTypes", "NGAP-Constants", "NGAP-Containers", "NGAP-IEs", "NGAP-PDU-Contents",
                "NGAP-PDU-Descriptions"]

CONTAINERS = {
    # parameterised type -> (mode, SIZE constraint constant names)
    "ProtocolIE-Container": ("container", 0, "maxProtocolIEs"),
    "ProtocolExtensionContainer": ("container", 1, "maxProtocolExtensions"),
    "ProtocolIE-SingleContainer": ("single", None, None),
}


def snake(name):
    s = name.replace("-", "_").replace("IoT", "Iot")
    if len(s) > 1 and s[0].islower() and s[1].isupper():
        s = s[0].upper() + s[1:]
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"_+", "_", s.lower())
    return s


def ident(name):
    s = snake(name)
    return s + "_" if s in CPP_KEYWORDS else s


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class TypeDef:
    """A C++ type to emit: a named ASN.1 type, a hoisted anonymous one, or an
    information object set turned into a struct."""

    def __init__(self, asn, cname, module, t, kind):
        self.asn = asn          # ASN.1 name (or Parent.component for hoisted types)
        self.cname = cname
        self.module = module
        self.t = t
        self.kind = kind        # prim, enum, seq, choice, seqof, ies (object set struct), ep (procedure message), ref
        self.ies = []           # kind ies: list of dict(id, idname, crit, type, presence, field)
        self.mode = None        # kind ies: container, single
        self.flatten = False    # kind ies: the SEQUENCE { protocolIEs ProtocolIE-Container {...}, ... } itself
        self.size = None        # kind ies: SIZE of the container
        self.set_name = None
        self.comment = ""
        self.eps = []           # kind ep: list of (ep object, message type)
        self.ep_field = None


class Generator:
    def __init__(self, modules, text):
        self.modules = {m.name: m for m in modules}
        self.text = text
        self.blocks = self.index_blocks(text)
        self.values = {}
        self.objects = {}
        self.sets = {}
        self.asn_types = {}   # ASN.1 name -> (module, Type)
        for m in modules:
            for k, v in m.values.items():
                self.values[k] = v
            for k, v in m.objects.items():
                self.objects[k] = v
            for k, v in m.object_sets.items():
                self.sets[k] = v
            for k, v in m.types.items():
                self.asn_types[k] = (m.name, v)
        self.defs = {}        # key -> TypeDef (insertion order = emission order before sorting)
        self.by_cname = {}
        self.containing = []  # TypeDefs that appear in OCTET STRING (CONTAINING ...)

    # ------------------------------------------------------------ helpers
    @staticmethod
    def index_blocks(text):
        """ASN.1 source of each assignment, by name: from its first line to the next blank line."""
        blocks = {}
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^([A-Za-z][A-Za-z0-9-]*)\b", lines[i])
            if m and ("::=" in lines[i] or (i + 1 < len(lines) and "::=" in lines[i + 1])):
                j = i
                while j < len(lines) and lines[j].strip() != "":
                    j += 1
                blocks.setdefault(m.group(1), "\n".join(x.rstrip().expandtabs(4) for x in lines[i:j]))
                i = j
            else:
                i += 1
        return blocks

    def val(self, v):
        seen = 0
        while not isinstance(v, int):
            if v not in self.values:
                raise Asn1Error(f"unknown value {v!r}")
            v = self.values[v][1]
            seen += 1
            if seen > 20:
                raise Asn1Error(f"value loop at {v!r}")
        return v

    def set_objects(self, name):
        """The objects of an object set, references flattened, in order."""
        out = []
        cls, elems = self.sets[name]
        for e in elems:
            if isinstance(e, dict):
                out.append(e)
            elif e in self.objects:
                out.append(self.objects[e][1])
            elif e in self.sets:
                out += self.set_objects(e)
            else:
                raise Asn1Error(f"object set {name}: unknown element {e}")
        return out

    def add(self, td):
        if td.cname in self.by_cname:
            raise Asn1Error(f"C++ name clash: {td.asn} and {self.by_cname[td.cname].asn} -> {td.cname}")
        self.by_cname[td.cname] = td
        self.defs[td.asn] = td
        return td

    # ------------------------------------------------------------ model
    def build(self):
        for mname in MODULE_ORDER:
            mod = self.modules.get(mname)
            if mod is None:
                continue
            for name, t in mod.types.items():
                self.define(name, snake(name), mname, t, self.blocks.get(name, ""))

    def define(self, asn, cname, module, t, comment):
        if t.kind in PRIMITIVES:
            td = self.add(TypeDef(asn, cname, module, t, "prim"))
            if t.kind == "octets" and t.containing is not None:
                self.note_containing(t.containing)
        elif t.kind == "enum":
            td = self.add(TypeDef(asn, cname, module, t, "enum"))
        elif t.kind == "ref":
            td = self.add(TypeDef(asn, cname, module, t, "ref"))
        elif t.kind == "seq":
            if any(c.type.kind == "field" for c in t.comps):
                td = self.add(TypeDef(asn, cname, module, t, "ep"))
                self.define_ep(td)
            elif (len(t.comps) == 1 and t.comps[0].type.kind == "pref"
                  and t.comps[0].type.name == "ProtocolIE-Container" and not t.ext_comps):
                td = TypeDef(asn, cname, module, t, "ies")
                td.flatten = True
                self.fill_ies(td, t.comps[0].type)
                self.add(td)
            else:
                if t.ext_comps:
                    raise Asn1Error(f"{asn}: SEQUENCE extension additions are not supported yet")
                td = self.add(TypeDef(asn, cname, module, t, "seq"))
                for c in t.comps:
                    c.type = self.hoist(c.type, f"{asn}.{c.name}", f"{cname}_{snake(c.name)}", module)
        elif t.kind == "choice":
            td = self.add(TypeDef(asn, cname, module, t, "choice"))
            for c in t.comps + t.ext_comps:
                c.type = self.hoist(c.type, f"{asn}.{c.name}", f"{cname}_{snake(c.name)}", module)
        elif t.kind == "seqof":
            td = self.add(TypeDef(asn, cname, module, t, "seqof"))
            t.elem = self.hoist(t.elem, f"{asn}.item", f"{cname}_item", module)
        else:
            raise Asn1Error(f"{asn}: unsupported type kind {t.kind}")
        td.comment = td.comment or comment
        return td

    def hoist(self, t, asn, cname, module):
        """Anonymous constructed types become named types; primitives stay inline."""
        if t.kind in PRIMITIVES or t.kind == "ref":
            if t.kind == "octets" and t.containing is not None:
                self.note_containing(t.containing)
            return t
        if t.kind == "pref":
            return self.container_type(t, module)
        self.define(asn, cname, module, t, f"{asn}: an inline type of {asn.split('.')[0]}")
        return Type("ref", name=asn)

    def note_containing(self, t):
        if t.kind == "ref" and t.name not in [x for x in self.containing]:
            self.containing.append(t.name)

    def container_type(self, t, module):
        if t.name == "PrivateIE-Container":
            return Type("private")
        if t.name not in CONTAINERS:
            raise Asn1Error(f"unsupported parameterised type {t.name}")
        mode, lb, ubname = CONTAINERS[t.name]
        set_name = t.args[0]
        size = (lb, self.val(ubname)) if mode == "container" else None
        if not self.set_objects(set_name):
            return Type("unknown_ies", mode=mode, size=size)
        key = set_name if mode == "container" else set_name + "#single"
        if key in self.defs:
            return Type("ref", name=key)
        set_module = next(m for m in MODULE_ORDER if m in self.modules and set_name in self.modules[m].object_sets)
        td = TypeDef(key, snake(set_name) + ("" if mode == "container" else "_single"), set_module, None, "ies")
        td.mode = mode
        td.size = size
        td.set_name = set_name
        td.comment = self.blocks.get(set_name, "")
        self.fill_ies(td, t)
        self.add(td)
        return Type("ref", name=key)

    def fill_ies(self, td, pref):
        mode, lb, ubname = CONTAINERS[pref.name]
        td.mode = td.mode or mode
        td.size = td.size or ((lb, self.val(ubname)) if mode == "container" else None)
        td.set_name = pref.args[0]
        if td.flatten:
            td.comment = (self.blocks.get(td.asn, "") + "\n\n" + self.blocks.get(td.set_name, "")).strip()
        used = set()
        for o in self.set_objects(td.set_name):
            idname = o["id"]
            base = idname[3:] if idname.startswith("id-") else idname
            field = snake(base)
            while field in used:
                field += "_2"
            used.add(field)
            vt = self.hoist(o["type"], f"{td.asn}.{base}", f"{td.cname}_{field}", td.module)
            td.ies.append(dict(id=self.val(idname), idname=idname, name=base, crit=o.get("crit", "ignore"),
                               presence=o.get("presence", "optional"), type=vt, field=field))

    def define_ep(self, td):
        comps = td.t.comps
        value = next(c for c in comps if c.type.field and c.type.field[1].isupper())
        td.ep_field = value.type.field
        set_name = value.type.table_set
        key = {"&InitiatingMessage": "init", "&SuccessfulOutcome": "succ", "&UnsuccessfulOutcome": "unsucc"}[td.ep_field]
        for o in self.set_objects(set_name):
            if key in o:
                td.eps.append((o, o[key]))
        td.set_name = set_name

    # ------------------------------------------------------------ resolution
    def resolve(self, t):
        """(TypeDef or None, primitive Type or None) for a use-site type."""
        hops = 0
        while t.kind == "ref":
            td = self.defs.get(t.name)
            if td is None:
                raise Asn1Error(f"unknown type {t.name}")
            if td.kind == "ref":
                t = td.t
                hops += 1
                if hops > 20:
                    raise Asn1Error(f"type loop at {t.name}")
                continue
            if td.kind == "prim":
                return td, td.t
            return td, None
        return None, t

    def int_range(self, p):
        c = p.constraint
        if c is None or not c.ranges:
            return "asn1::unconstrained()", None
        lbs = [lo for lo, _ in c.ranges]
        ubs = [hi for _, hi in c.ranges]
        has_lb = "MIN" not in lbs
        has_ub = "MAX" not in ubs
        lb = min(self.val(x) for x in lbs) if has_lb else None
        ub = max(self.val(x) for x in ubs) if has_ub else None
        if has_lb and has_ub:
            return f"asn1::{'range_ext' if c.ext else 'range'}({lb}, {ub})", (lb, ub)
        if has_lb:
            return f"asn1::{'semi_ext' if c.ext else 'semi'}({lb})", (lb, None)
        return "asn1::unconstrained()", None

    def size_range(self, s):
        if s is None or not s.ranges:
            return "asn1::unsized()"
        lbs = [lo for lo, _ in s.ranges]
        ubs = [hi for _, hi in s.ranges]
        lb = 0 if "MIN" in lbs else min(self.val(x) for x in lbs)
        if "MAX" in ubs:
            return f"asn1::size_range{{{lb}, -1, {'true' if s.ext else 'false'}}}"
        ub = max(self.val(x) for x in ubs)
        return f"asn1::{'sized_ext' if s.ext else 'sized'}({lb}, {ub})"

    def is_u64(self, p):
        """INTEGER (0..18446744073709551615) and the like: beyond std::int64_t."""
        if p.kind != "int":
            return False
        _, b = self.int_range(p)
        return b is not None and b[1] is not None and b[1] > 2**63 - 1

    def prim_cpp(self, p):
        if self.is_u64(p):
            return "std::uint64_t"
        return {"int": "std::int64_t", "bits": "asn1::bit_string", "octets": "asn1::octet_string",
                "str": "std::string", "null": "asn1::null_type", "bool": "bool",
                "oid": "asn1::object_identifier"}[p.kind]

    def cpp_type(self, t):
        if t.kind == "unknown_ies":
            return "asn1::unknown_ies"
        if t.kind == "private":
            return "asn1::private_ies"
        if t.kind == "ref":
            td = self.defs[t.name]
            return td.cname
        return self.prim_cpp(t)

    def enc(self, t, lv, what):
        if t.kind == "unknown_ies":
            if t.mode == "single":
                return f"asn1::encode_unknown_single(w, {lv}, {c_str(what)});"
            return f"asn1::encode_unknown_ies(w, {lv}, asn1::sized({t.size[0]}, {t.size[1]}), {c_str(what)});"
        if t.kind == "private":
            return f"asn1::encode_private_ies(w, {lv}, asn1::sized(1, {self.val('maxPrivateIEs')}));"
        td, p = self.resolve(t)
        if p is None:
            if td.kind == "enum":
                return f"w.put_enum({lv}, {len(td.t.names)}, {str(td.t.ext).lower()});"
            return f"enc_{td.cname}(w, {lv});"
        what = td.asn if td else what
        k = p.kind
        if k == "int" and self.is_u64(p):
            lb, ub = self.int_range(p)[1]
            return f"w.put_constrained({lv}, {lb}ULL, {ub}ULL, {c_str(what)});"
        if k == "int":
            return f"w.put_int({lv}, {self.int_range(p)[0]}, {c_str(what)});"
        if k == "bits":
            return f"w.put_bit_string({lv}, {self.size_range(p.size)}, {c_str(what)});"
        if k == "octets":
            return f"w.put_octet_string({lv}, {self.size_range(p.size)}, {c_str(what)});"
        if k == "str":
            if p.strkind in KNOWN_MULTIPLIER:
                return f"w.put_known_string({lv}, {self.size_range(p.size)}, {c_str(what)});"
            if p.strkind == "UTF8String":
                return f"w.put_utf8_string({lv});"
            raise Asn1Error(f"unsupported string type {p.strkind}")
        if k == "null":
            return f"(void){lv};"
        if k == "bool":
            return f"w.put_bool({lv});"
        if k == "oid":
            return f"w.put_oid({lv});"
        raise Asn1Error(f"cannot encode {k}")

    def dec(self, t, lv, what):
        if t.kind == "unknown_ies":
            if t.mode == "single":
                return f"asn1::decode_unknown_single(r, {lv}, {c_str(what)})"
            return f"asn1::decode_unknown_ies(r, {lv}, asn1::sized({t.size[0]}, {t.size[1]}), {c_str(what)})"
        if t.kind == "private":
            return f"asn1::decode_private_ies(r, {lv}, asn1::sized(1, {self.val('maxPrivateIEs')}), {c_str(what)})"
        td, p = self.resolve(t)
        if p is None:
            if td.kind == "enum":
                return f"r.get_enum({lv}, {len(td.t.names)}, {str(td.t.ext).lower()}, {c_str(td.asn)})"
            return f"dec_{td.cname}(r, {lv})"
        what = td.asn if td else what
        k = p.kind
        if k == "int" and self.is_u64(p):
            lb, ub = self.int_range(p)[1]
            return f"r.get_constrained({lv}, {lb}ULL, {ub}ULL, {c_str(what)})"
        if k == "int":
            return f"r.get_int({lv}, {self.int_range(p)[0]}, {c_str(what)})"
        if k == "bits":
            return f"r.get_bit_string({lv}, {self.size_range(p.size)}, {c_str(what)})"
        if k == "octets":
            return f"r.get_octet_string({lv}, {self.size_range(p.size)}, {c_str(what)})"
        if k == "str":
            if p.strkind in KNOWN_MULTIPLIER:
                return f"r.get_known_string({lv}, {self.size_range(p.size)}, {c_str(what)})"
            return f"r.get_utf8_string({lv}, {c_str(what)})"
        if k == "null":
            return f"asn1::decoded_null({lv})"
        if k == "bool":
            return f"r.get_bool({lv}, {c_str(what)})"
        if k == "oid":
            return f"r.get_oid({lv}, {c_str(what)})"
        raise Asn1Error(f"cannot decode {k}")

    def json(self, t, lv):
        if t.kind == "unknown_ies":
            return f"json_unknown_ies(({lv}).extras_)"
        if t.kind == "private":
            return f"json_private_ies({lv})"
        td, p = self.resolve(t)
        if p is None:
            if td.kind == "enum":
                return f"json_enum(to_string({lv}), static_cast<std::uint32_t>({lv}))"
            return f"json_{td.cname}({lv})"
        k = p.kind
        if k == "octets":
            if td is not None and td.asn == "NAS-PDU":
                return f"json_nas_pdu({lv})"
            if p.containing is not None and p.containing.kind == "ref":
                return f"json_containing_{self.defs[p.containing.name].cname}({lv})"
            return f"json_hex({lv})"
        if k == "bits":
            return f"json_bits({lv})"
        if k == "null":
            return "nlohmann::json(nullptr)"
        if k == "oid":
            return f"json_hex(({lv}).contents_)"
        return f"nlohmann::json({lv})"

    def deps(self, td):
        """Types that must be complete before td's definition."""
        out = []

        def use(t):
            if t is None or t.kind != "ref":
                return
            d = self.defs[t.name]
            while d.kind == "ref" and d.t.kind == "ref":
                out.append(d)
                d = self.defs[d.t.name]
            out.append(d)

        if td.kind == "seq":
            for c in td.t.comps:
                use(c.type)
        elif td.kind == "choice":
            for c in td.t.comps + td.t.ext_comps:
                use(c.type)
        elif td.kind == "seqof":
            use(td.t.elem)
        elif td.kind == "ies":
            for ie in td.ies:
                use(ie["type"])
        elif td.kind == "ep":
            for _, mt in td.eps:
                use(mt)
        elif td.kind == "ref":
            use(td.t)
        return out

    def ordered(self, module):
        tds = [td for td in self.defs.values() if td.module == module]
        done = set()
        out = []
        visiting = set()

        def visit(td):
            if td.asn in done or td.module != module:
                return
            if td.asn in visiting:
                raise Asn1Error(f"recursive type at {td.asn}: not supported")
            visiting.add(td.asn)
            for d in self.deps(td):
                visit(d)
            visiting.discard(td.asn)
            done.add(td.asn)
            out.append(td)

        for td in sorted(tds, key=lambda d: 0 if d.kind in ("prim", "enum") else 1):
            visit(td)
        return out

    # ------------------------------------------------------------ emission: declarations
    def comment(self, text):
        return "".join(f"// {line}".rstrip() + "\n" for line in text.split("\n")) if text else ""

    def decl(self, td):
        out = [self.comment(td.comment)]
        if td.kind == "prim":
            out.append(f"using {td.cname} = {self.prim_cpp(td.t)};\n")
        elif td.kind == "ref":
            out.append(f"using {td.cname} = {self.cpp_type(td.t)};\n")
        elif td.kind == "enum":
            names = [ident(n) for n in td.t.names + td.t.ext_names]
            base = "std::uint8_t" if len(names) < 256 else "std::uint16_t"
            out.append(f"enum class {td.cname} : {base} {{\n")
            for i, n in enumerate(names):
                tag = "  // extension" if i >= len(td.t.names) else ""
                out.append(f"  {n} = {i},{tag}\n")
            out.append("};\n")
            out.append(f"std::string_view to_string({td.cname} v) noexcept;\n")
        elif td.kind == "seqof":
            out.append(f"using {td.cname} = std::vector<{self.cpp_type(td.t.elem)}>;\n")
        elif td.kind == "seq":
            out.append(f"struct {td.cname} {{\n")
            for c in td.t.comps:
                ty = self.cpp_type(c.type)
                if c.optional:
                    ty = f"std::optional<{ty}>"
                out.append(f"  {ty} {snake(c.name)}_{{}};\n")
            if td.t.ext:
                out.append("  asn1::unknown_extensions unknown_extensions_{};  // additions of later releases, kept raw\n")
            out.append(f"  bool operator==(const {td.cname}&) const = default;\n}};\n")
        elif td.kind == "choice":
            alts = td.t.comps + td.t.ext_comps
            out.append(f"struct {td.cname} {{\n")
            out.append("  enum class alternative : std::uint8_t {\n")
            for i, c in enumerate(alts):
                out.append(f"    {ident(c.name)} = {i},\n")
            if td.t.ext:
                out.append(f"    unknown_extension = {len(alts)},\n")
            out.append("  };\n")
            types = [self.cpp_type(c.type) for c in alts] + (["asn1::unknown_extension"] if td.t.ext else [])
            out.append(f"  std::variant<{', '.join(types)}> value_{{}};\n")
            out.append("  alternative which() const noexcept { return static_cast<alternative>(value_.index()); }\n")
            out.append(f"  bool operator==(const {td.cname}&) const = default;\n}};\n")
        elif td.kind == "ies":
            out.append(f"struct {td.cname} {{\n")
            for ie in td.ies:
                ty = self.cpp_type(ie["type"])
                optional = ie["presence"] != "mandatory" or not td.flatten
                if optional:
                    ty = f"std::optional<{ty}>"
                out.append(f"  {ty} {ie['field']}_{{}};  ///< {ie['idname']} ({ie['id']}), {ie['crit']}, {ie['presence']}\n")
            out.append("  asn1::ie_extras extras_{};  // unknown IEs and the order seen on the wire\n")
            if td.flatten and td.t.ext:
                out.append("  asn1::unknown_extensions unknown_extensions_{};\n")
            out.append(f"  bool operator==(const {td.cname}&) const = default;\n}};\n")
        elif td.kind == "ep":
            out.append(f"struct {td.cname} {{\n")
            out.append("  /// The procedure's message; asn1::raw_procedure for a procedure code this release does not know.\n")
            types = [self.cpp_type(mt) for _, mt in td.eps] + ["asn1::raw_procedure"]
            out.append("  std::variant<\n      " + ",\n      ".join(types) + ">\n      value_{};\n")
            out.append("  /// Empty: the procedure's criticality from TS 38.413 (what an encoder sends);\n"
                       "  /// set by the decoder only when a peer sent another one.\n")
            out.append("  std::optional<asn1::ie_criticality> criticality_{};\n")
            out.append(f"  bool operator==(const {td.cname}&) const = default;\n}};\n")
        return "".join(out)

    # ------------------------------------------------------------ emission: codecs
    def codec(self, td):
        c = td.cname
        o = []
        if td.kind == "seqof":
            elem = td.t.elem
            what = td.asn
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n")
            o.append(f"  w.put_count(v.size(), {self.size_range(td.t.size)}, {c_str(what)});\n")
            o.append(f"  for (const auto& e : v) {self.enc(elem, 'e', what)}\n}}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n  std::size_t n = 0;\n")
            o.append(f"  if (!r.get_count(n, {self.size_range(td.t.size)}, {c_str(what)})) return false;\n")
            o.append("  v.clear();\n  v.reserve(n < r.remaining_bits() ? n : r.remaining_bits());\n")
            o.append(f"  for (std::size_t i = 0; i < n; ++i) {{\n    if (!{self.dec(elem, 'v.emplace_back()', what)}) return false;\n  }}\n  return true;\n}}\n")
        elif td.kind == "seq":
            opts = [x for x in td.t.comps if x.optional]
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n")
            if td.t.ext:
                o.append("  w.put_bit(!v.unknown_extensions_.empty());\n")
            for x in opts:
                o.append(f"  w.put_bit(v.{snake(x.name)}_.has_value());\n")
            for x in td.t.comps:
                f = f"v.{snake(x.name)}_"
                if x.optional:
                    o.append(f"  if ({f}) {self.enc(x.type, '*' + f, td.asn + '.' + x.name)}\n")
                else:
                    o.append(f"  {self.enc(x.type, f, td.asn + '.' + x.name)}\n")
            if td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) w.put_extensions(v.unknown_extensions_);\n")
            o.append("}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n")
            if td.t.ext:
                o.append(f"  bool ext = false;\n  if (!r.get_bit(ext, {c_str(td.asn)})) return false;\n")
            if opts:
                o.append(f"  std::uint64_t pre = 0;\n  if (!r.get_bits(pre, {len(opts)}, {c_str(td.asn)})) return false;\n")
            k = len(opts)
            for x in td.t.comps:
                f = f"v.{snake(x.name)}_"
                if x.optional:
                    k -= 1
                    o.append(f"  if ((pre >> {k}) & 1u) {{\n    if (!{self.dec(x.type, f + '.emplace()', td.asn + '.' + x.name)}) return false;\n  }}\n")
                else:
                    o.append(f"  if (!{self.dec(x.type, f, td.asn + '.' + x.name)}) return false;\n")
            if td.t.ext:
                o.append(f"  if (ext && !r.get_extensions(v.unknown_extensions_, {c_str(td.asn)})) return false;\n")
            o.append("  return true;\n}\n")
        elif td.kind == "choice":
            root = len(td.t.comps)
            alts = td.t.comps + td.t.ext_comps
            ext = str(td.t.ext).lower()
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n  switch (v.value_.index()) {{\n")
            for i, x in enumerate(alts):
                if i >= root:
                    raise Asn1Error(f"{td.asn}: known CHOICE extension alternatives are not supported yet")
                o.append(f"    case {i}:\n      w.put_choice({i}, {root}, {ext});\n")
                o.append(f"      {self.enc(x.type, f'std::get<{i}>(v.value_)', td.asn + '.' + x.name)}\n      break;\n")
            if td.t.ext:
                o.append(f"    default:\n      w.put_bit(true);\n      w.put_unknown_alternative(std::get<{len(alts)}>(v.value_));\n      break;\n")
            o.append("  }\n}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n  std::uint32_t i = 0;\n  bool is_ext = false;\n")
            o.append(f"  if (!r.get_choice(i, {root}, {ext}, is_ext, {c_str(td.asn)})) return false;\n")
            if td.t.ext:
                o.append(f"  if (is_ext) {{\n    auto& u = v.value_.emplace<{len(alts)}>();\n"
                         f"    u.index_ = i - {root};\n    return r.get_open_octets(u.value_, {c_str(td.asn)});\n  }}\n")
            o.append("  switch (i) {\n")
            for i, x in enumerate(alts):
                o.append(f"    case {i}:\n      return {self.dec(x.type, f'v.value_.emplace<{i}>()', td.asn + '.' + x.name)};\n")
            o.append(f"  }}\n  return r.fail(decode_errc::invalid_value, {c_str(td.asn)});\n}}\n")
        elif td.kind == "ies" and not td.ies:
            fn = "single" if td.mode == "single" else "container"
            size = f"asn1::sized({td.size[0]}, {td.size[1]})" if td.size else "asn1::unsized()"
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n")
            if td.flatten and td.t.ext:
                o.append("  w.put_bit(!v.unknown_extensions_.empty());\n")
            o.append(f"  asn1::encode_ie_{fn}(w, asn1::ie_set_table{{{{}}, {c_str(td.asn)}, {size}, nullptr, nullptr}}, nullptr, v.extras_, &v);\n")
            if td.flatten and td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) w.put_extensions(v.unknown_extensions_);\n")
            o.append("}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n")
            if td.flatten and td.t.ext:
                o.append(f"  bool ext = false;\n  if (!r.get_bit(ext, {c_str(td.asn)})) return false;\n")
            o.append(f"  if (!asn1::decode_ie_{fn}(r, asn1::ie_set_table{{{{}}, {c_str(td.asn)}, {size}, nullptr, nullptr}}, nullptr, v.extras_, &v)) return false;\n")
            if td.flatten and td.t.ext:
                o.append(f"  if (ext && !r.get_extensions(v.unknown_extensions_, {c_str(td.asn)})) return false;\n")
            o.append("  return true;\n}\n")
        elif td.kind == "ies":
            n = len(td.ies)
            o.append("namespace {\n")
            o.append(f"constexpr asn1::ie_spec {c}_specs[] = {{\n")
            for ie in td.ies:
                mand = "true" if (ie["presence"] == "mandatory" and td.flatten) else "false"
                o.append(f"    {{{snake(ie['idname'])}, asn1::ie_criticality::{ie['crit']}, {mand}, {c_str(ie['name'])}}},\n")
            o.append("};\n")
            o.append(f"void enc_{c}_ie(asn1::aper_writer& w, const void* p, std::size_t i) {{\n"
                     f"  const auto& v = *static_cast<const {c}*>(p);\n  switch (i) {{\n")
            for i, ie in enumerate(td.ies):
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                o.append(f"    case {i}:\n      {self.enc(ie['type'], ('*' if optional else '') + f, ie['name'])}\n      break;\n")
            o.append("  }\n}\n")
            o.append(f"bool dec_{c}_ie(asn1::aper_reader& r, void* p, std::size_t i) {{\n"
                     f"  auto& v = *static_cast<{c}*>(p);\n  switch (i) {{\n")
            for i, ie in enumerate(td.ies):
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                o.append(f"    case {i}:\n      return {self.dec(ie['type'], f + ('.emplace()' if optional else ''), ie['name'])};\n")
            o.append("  }\n  return false;\n}\n")
            size = f"asn1::sized({td.size[0]}, {td.size[1]})" if td.size else "asn1::unsized()"
            o.append(f"constexpr asn1::ie_set_table {c}_table{{{c}_specs, {c_str(td.set_name if not td.flatten else td.asn)}, {size}, enc_{c}_ie, dec_{c}_ie}};\n")
            o.append("}  // namespace\n")
            fn = "single" if td.mode == "single" else "container"
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n")
            if td.flatten and td.t.ext:
                o.append("  w.put_bit(!v.unknown_extensions_.empty());\n")
            pres = []
            for ie in td.ies:
                optional = ie["presence"] != "mandatory" or not td.flatten
                pres.append(f"v.{ie['field']}_.has_value()" if optional else "true")
            o.append(f"  const bool present[{n}] = {{{', '.join(pres)}}};\n")
            o.append(f"  asn1::encode_ie_{fn}(w, {c}_table, present, v.extras_, &v);\n")
            if td.flatten and td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) w.put_extensions(v.unknown_extensions_);\n")
            o.append("}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n")
            if td.flatten and td.t.ext:
                o.append(f"  bool ext = false;\n  if (!r.get_bit(ext, {c_str(td.asn)})) return false;\n")
            o.append(f"  bool seen[{n}];\n  if (!asn1::decode_ie_{fn}(r, {c}_table, seen, v.extras_, &v)) return false;\n")
            if td.flatten and td.t.ext:
                o.append(f"  if (ext && !r.get_extensions(v.unknown_extensions_, {c_str(td.asn)})) return false;\n")
            o.append("  return true;\n}\n")
        elif td.kind == "ep":
            n = len(td.eps)
            o.append("namespace {\n")
            o.append(f"constexpr procedure_code {c}_codes[] = {{\n")
            for ep, _ in td.eps:
                o.append(f"    {snake(ep['code'])},\n")
            o.append("};\n")
            o.append(f"constexpr asn1::ie_criticality {c}_criticality[] = {{\n")
            for ep, _ in td.eps:
                o.append(f"    asn1::ie_criticality::{ep.get('crit', 'ignore')},\n")
            o.append("};\n}  // namespace\n")
            o.append(f"void enc_{c}(asn1::aper_writer& w, const {c}& v) {{\n  const std::size_t i = v.value_.index();\n")
            o.append(f"  if (i == {n}) {{\n    const auto& raw = std::get<{n}>(v.value_);\n"
                     "    w.put_constrained(raw.code_, 0, 255, \"ProcedureCode\");\n"
                     "    w.put_constrained(static_cast<std::uint64_t>(raw.criticality_), 0, 2, \"Criticality\");\n"
                     "    w.put_open_octets(raw.value_);\n    return;\n  }\n")
            o.append(f"  w.put_constrained({c}_codes[i], 0, 255, \"ProcedureCode\");\n")
            o.append(f"  w.put_constrained(static_cast<std::uint64_t>(v.criticality_.value_or({c}_criticality[i])), 0, 2, \"Criticality\");\n")
            o.append("  const std::size_t mark = w.open_begin();\n  switch (i) {\n")
            for i, (ep, mt) in enumerate(td.eps):
                o.append(f"    case {i}:\n      {self.enc(mt, f'std::get<{i}>(v.value_)', td.asn)}\n      break;\n")
            o.append("  }\n  w.open_end(mark);\n}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n  std::uint64_t code = 0;\n  std::uint64_t crit = 0;\n")
            o.append(f"  if (!r.get_constrained(code, 0, 255, {c_str(td.asn)})) return false;\n")
            o.append(f"  if (!r.get_constrained(crit, 0, 2, {c_str(td.asn)})) return false;\n")
            o.append(f"  std::size_t i = {n};\n  switch (code) {{\n")
            for i, (ep, mt) in enumerate(td.eps):
                o.append(f"    case {snake(ep['code'])}: i = {i}; break;\n")
            o.append("  }\n")
            o.append(f"  if (i == {n}) {{\n    auto& raw = v.value_.emplace<{n}>();\n"
                     "    raw.code_ = static_cast<procedure_code>(code);\n"
                     "    raw.criticality_ = static_cast<asn1::ie_criticality>(crit);\n"
                     f"    return r.get_open_octets(raw.value_, {c_str(td.asn)});\n  }}\n")
            o.append(f"  if (static_cast<asn1::ie_criticality>(crit) != {c}_criticality[i]) v.criticality_ = static_cast<asn1::ie_criticality>(crit);\n")
            o.append(f"  asn1::aper_reader inner;\n  std::vector<std::uint8_t> storage;\n"
                     f"  if (!r.get_open(inner, storage, {c_str(td.asn)})) return false;\n  bool ok = false;\n  switch (i) {{\n")
            for i, (ep, mt) in enumerate(td.eps):
                call = self.dec(mt, f'v.value_.emplace<{i}>()', td.asn).replace("(r, ", "(inner, ", 1)
                o.append(f"    case {i}:\n      ok = {call};\n      break;\n")
            o.append("  }\n  return ok || r.adopt(inner);\n}\n")
        elif td.kind == "enum":
            names = td.t.names + td.t.ext_names
            o.append(f"std::string_view to_string({c} v) noexcept {{\n  static constexpr std::string_view names[] = {{")
            o.append(", ".join(c_str(n) for n in names))
            o.append(f"}};\n  const auto i = static_cast<std::size_t>(v);\n  return i < {len(names)} ? names[i] : std::string_view{{}};\n}}\n")
        return "".join(o)

    def json_fn(self, td):
        c = td.cname
        o = []
        if td.kind == "seqof":
            o.append(f"nlohmann::json json_{c}(const {c}& v) {{\n  auto j = nlohmann::json::array();\n")
            o.append(f"  for (const auto& e : v) j.push_back({self.json(td.t.elem, 'e')});\n  return j;\n}}\n")
        elif td.kind == "seq":
            o.append(f"nlohmann::json json_{c}(const {c}& v) {{\n  auto j = nlohmann::json::object();\n")
            for x in td.t.comps:
                f = f"v.{snake(x.name)}_"
                if x.optional:
                    o.append(f"  if ({f}) j[{c_str(x.name)}] = {self.json(x.type, '*' + f)};\n")
                else:
                    o.append(f"  j[{c_str(x.name)}] = {self.json(x.type, f)};\n")
            if td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) j[\"unknown-extensions\"] = json_unknown_extensions(v.unknown_extensions_);\n")
            o.append("  return j;\n}\n")
        elif td.kind == "choice":
            alts = td.t.comps + td.t.ext_comps
            o.append(f"nlohmann::json json_{c}(const {c}& v) {{\n  auto j = nlohmann::json::object();\n  switch (v.value_.index()) {{\n")
            for i, x in enumerate(alts):
                o.append(f"    case {i}:\n      j[{c_str(x.name)}] = {self.json(x.type, f'std::get<{i}>(v.value_)')};\n      break;\n")
            if td.t.ext:
                o.append(f"    default:\n      j[\"unknown-extension\"] = json_unknown_extension(std::get<{len(alts)}>(v.value_));\n      break;\n")
            o.append("  }\n  return j;\n}\n")
        elif td.kind == "ies":
            o.append(f"nlohmann::json json_{c}(const {c}& v) {{\n  auto j = nlohmann::json::object();\n")
            for ie in td.ies:
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                if optional:
                    o.append(f"  if ({f}) j[{c_str(ie['name'])}] = {self.json(ie['type'], '*' + f)};\n")
                else:
                    o.append(f"  j[{c_str(ie['name'])}] = {self.json(ie['type'], f)};\n")
            o.append("  add_unknown_ies(j, v.extras_);\n")
            if td.flatten and td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) j[\"unknown-extensions\"] = json_unknown_extensions(v.unknown_extensions_);\n")
            o.append("  return j;\n}\n")
        elif td.kind == "ep":
            n = len(td.eps)
            o.append(f"nlohmann::json json_{c}(const {c}& v) {{\n  auto j = nlohmann::json::object();\n  const std::size_t i = v.value_.index();\n")
            o.append(f"  static constexpr std::string_view procedures[] = {{")
            o.append(", ".join(c_str(ep["code"][3:]) for ep, _ in td.eps))
            o.append("};\n")
            o.append(f"  static constexpr std::string_view messages[] = {{")
            o.append(", ".join(c_str(mt.name) for _, mt in td.eps))
            o.append("};\n")
            o.append(f"  static constexpr asn1::ie_criticality criticality[] = {{")
            o.append(", ".join(f"asn1::ie_criticality::{ep.get('crit', 'ignore')}" for ep, _ in td.eps))
            o.append("};\n")
            o.append(f"  if (i == {n}) {{\n    const auto& raw = std::get<{n}>(v.value_);\n"
                     "    j[\"procedureCode\"] = raw.code_;\n    j[\"criticality\"] = asn1::to_string(raw.criticality_);\n"
                     "    j[\"value\"] = json_hex(raw.value_);\n    return j;\n  }\n")
            o.append("  j[\"procedureCode\"] = procedures[i];\n"
                     "  j[\"criticality\"] = asn1::to_string(v.criticality_.value_or(criticality[i]));\n"
                     "  nlohmann::json value;\n  switch (i) {\n")
            for i, (ep, mt) in enumerate(td.eps):
                o.append(f"    case {i}:\n      value = {self.json(mt, f'std::get<{i}>(v.value_)')};\n      break;\n")
            o.append("  }\n  j[\"value\"] = nlohmann::json{{messages[i], std::move(value)}};\n  return j;\n}\n")
        return "".join(o)

    # ------------------------------------------------------------ test samples
    def sample_prim(self, p, lv, what):
        """Statement giving a primitive a valid value: the upper end of its
        constraints when full, the lower end otherwise."""
        k = p.kind
        if k == "int":
            _, bounds = self.int_range(p)
            if bounds is None:
                return f"{lv} = full ? 123456789 : 0;"
            lb, ub = bounds
            if ub is None:
                return f"{lv} = full ? {lb} + 100000 : {lb};"
            suffix = "ULL" if ub > 2**63 - 1 else "LL"
            return f"{lv} = full ? {ub}{suffix} : {lb}{suffix};"
        if k in ("bits", "octets", "str"):
            s = p.size
            if s is None or not s.ranges:
                lb, ub = (1, None)
            else:
                lbs = [lo for lo, _ in s.ranges]
                ubs = [hi for _, hi in s.ranges]
                lb = 0 if "MIN" in lbs else min(self.val(x) for x in lbs)
                ub = None if "MAX" in ubs else max(self.val(x) for x in ubs)
            if k == "bits":
                hi = min(ub, 1000) if ub is not None else 40
                return f"{lv} = sample_bits(full ? {hi} : {lb});"
            if k == "octets":
                if p.containing is not None and p.containing.kind == "ref":
                    td = self.defs[p.containing.name]
                    return (f"{{ {td.cname} inner{{}}; sample_{td.cname}(inner, full, k); "
                            f"auto e = encode_{td.cname}(inner); if (e) {lv} = *e; }}")
                hi = min(ub, 1000) if ub is not None and ub > 20 and lb == ub else (min(ub, 20) if ub is not None else 9)
                return f"{lv} = sample_octets(full ? {hi} : {lb});"
            hi = min(ub, 12) if ub is not None else 12
            if p.strkind == "UTF8String":
                return f"{lv} = full ? \"gr\\u00fc\\u00dfe-\\u20ac\" : \"a\";"
            return f"{lv} = sample_text(full ? {hi} : {max(lb, 1)});"
        if k == "bool":
            return f"{lv} = full;"
        if k == "null":
            return f"(void){lv};"
        if k == "oid":
            return f"({lv}).contents_ = {{0x2a, 0x03}};"
        raise Asn1Error(f"no sample for {k}")

    def sample_of(self, t, lv, what):
        if t.kind == "unknown_ies":
            return f"if (full) ({lv}).extras_.unknown_.push_back(sample_raw_ie());"
        if t.kind == "private":
            return f"({lv}).push_back(asn1::private_ie{{false, 7, {{}}, asn1::ie_criticality::ignore, {{0x01}}}});"
        td, p = self.resolve(t)
        if p is None:
            if td.kind == "enum":
                return f"{lv} = static_cast<{td.cname}>(full ? {len(td.t.names) - 1} : 0);"
            return f"sample_{td.cname}({lv}, full, k);"
        return self.sample_prim(p, lv, what)

    def sample_fn(self, td):
        c = td.cname
        o = [f"void sample_{c}({c}& v, bool full, unsigned& k) {{\n  (void)v;\n  (void)full;\n  (void)k;\n"]
        if td.kind == "seqof":
            s = td.t.size
            lb, ub = 1, 2
            if s is not None and s.ranges:
                lbs = [lo for lo, _ in s.ranges]
                ubs = [hi for _, hi in s.ranges]
                lb = 0 if "MIN" in lbs else min(self.val(x) for x in lbs)
                ub = None if "MAX" in ubs else max(self.val(x) for x in ubs)
            hi = 2 if ub is None else max(lb, min(ub, 2))
            o.append(f"  const std::size_t n = full ? {hi} : {max(lb, 1) if (ub is None or ub >= 1) else lb};\n")
            o.append(f"  v.resize(n);\n  for (auto& e : v) {{\n    {self.sample_of(td.t.elem, 'e', td.asn)}\n  }}\n")
        elif td.kind == "seq":
            for x in td.t.comps:
                f = f"v.{snake(x.name)}_"
                if x.optional:
                    if x.type.kind == "unknown_ies":
                        o.append(f"  if (full) {{ {f}.emplace(); {self.sample_of(x.type, '*' + f, x.name)} }}\n")
                    else:
                        o.append(f"  if (full) {{ {f}.emplace(); {self.sample_of(x.type, '*' + f, x.name)} }}\n")
                else:
                    o.append(f"  {self.sample_of(x.type, f, x.name)}\n")
        elif td.kind == "choice":
            alts = td.t.comps
            o.append(f"  switch (k++ % {len(alts)}) {{\n")
            for i, x in enumerate(alts):
                o.append(f"    case {i}: {{\n      auto& a = v.value_.emplace<{i}>();\n")
                if x.type.kind == "unknown_ies":
                    o.append("      a.extras_.unknown_.push_back(sample_raw_ie());\n")
                else:
                    o.append(f"      {self.sample_of(x.type, 'a', x.name)}\n")
                o.append("      break;\n    }\n")
            o.append("  }\n")
        elif td.kind == "ies":
            for i, ie in enumerate(td.ies):
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                if td.mode == "single":
                    if i == 0:
                        o.append(f"  {f}.emplace();\n  {self.sample_of(ie['type'], '*' + f, ie['name'])}\n")
                elif optional:
                    o.append(f"  if (full) {{ {f}.emplace(); {self.sample_of(ie['type'], '*' + f, ie['name'])} }}\n")
                else:
                    o.append(f"  {self.sample_of(ie['type'], f, ie['name'])}\n")
        o.append("}\n")
        return "".join(o)

    def samples_file(self):
        banner = ("// Generated by tools/asn1gen/asn1gen.py from 3GPP TS 38.413 V17.3.0 (38413-h30.asn).\n"
                  "// Do not edit: change the generator and regenerate (see tools/asn1gen/README.md).\n")
        o = [banner, "// Sample values for every NGAP type (all optional IEs present, or only the\n"
             "// mandatory ones) and one NGAP-PDU per message of every elementary procedure.\n\n",
             "#include \"generated_samples.hpp\"\n\nnamespace meridian::ngap::test {\n\nnamespace samples {\n\n",
             "asn1::bit_string sample_bits(std::size_t n) {\n  asn1::bit_string b;\n  b.length_ = n;\n"
             "  b.bytes_.assign((n + 7) / 8, 0xA5);\n  if (n % 8) b.bytes_.back() &= static_cast<std::uint8_t>(0xFF00u >> (n % 8));\n"
             "  return b;\n}\n",
             "asn1::octet_string sample_octets(std::size_t n) {\n  asn1::octet_string o(n);\n"
             "  for (std::size_t i = 0; i < n; ++i) o[i] = static_cast<std::uint8_t>(0x30 + i);\n  return o;\n}\n",
             "std::string sample_text(std::size_t n) {\n  std::string s;\n"
             "  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));\n  return s;\n}\n",
             "asn1::raw_ie sample_raw_ie() { return asn1::raw_ie{65000, asn1::ie_criticality::ignore, {0x5a}}; }\n\n"]
        constructed = ("seq", "choice", "seqof", "ies")
        tds = []
        for mname in MODULE_ORDER:
            if mname in self.modules:
                tds += [td for td in self.ordered(mname) if td.kind in constructed
                        and not (td.kind == "choice" and any(self.resolve(x.type)[0] is not None
                                                             and self.resolve(x.type)[0].kind == "ep" for x in td.t.comps))]
        for td in tds:
            o.append(f"void sample_{td.cname}({td.cname}& v, bool full, unsigned& k);\n")
        o.append("\n")
        for td in tds:
            o.append(self.sample_fn(td))
        o.append("\n}  // namespace samples\n\n")
        o.append("std::vector<sample_pdu> sample_pdus(bool full) {\n  using namespace samples;\n  std::vector<sample_pdu> out;\n  unsigned k = 0;\n")
        pdu = self.defs["NGAP-PDU"]
        for ai, alt in enumerate(pdu.t.comps):
            ep = self.defs[alt.type.name]
            for i, (obj, mt) in enumerate(ep.eps):
                mtd = self.defs[mt.name]
                o.append(f"  {{\n    ngap_pdu p;\n    auto& m = p.value_.emplace<{ai}>();\n"
                         f"    sample_{mtd.cname}(m.value_.emplace<{i}>(), full, k);\n"
                         f"    out.push_back({{{c_str(obj['code'][3:] + '/' + mt.name)}, std::move(p)}});\n  }}\n")
        o.append("  return out;\n}\n\n")
        o.append("std::vector<sample_transfer> sample_transfers(bool full) {\n  using namespace samples;\n  std::vector<sample_transfer> out;\n")
        for name in self.containing:
            td = self.defs[name]
            c = td.cname
            o.append(f"  out.push_back({{{c_str(name)}, [full](std::string& why) {{\n"
                     f"    unsigned k = 0;\n    {c} v{{}};\n    sample_{c}(v, full, k);\n"
                     f"    return check_round_trip<{c}>(v, encode_{c}, [](std::span<const std::uint8_t> b) {{ return decode_{c}(b); }}, why);\n  }}}});\n")
        o.append("  return out;\n}\n\n}  // namespace meridian::ngap::test\n")
        return "".join(o)

    # ------------------------------------------------------------ files
    def write_all(self, root):
        files = {}
        inc = "include/meridian/ngap"
        lib = "lib/ngap"
        banner = ("// Generated by tools/asn1gen/asn1gen.py from 3GPP TS 38.413 V17.3.0 (38413-h30.asn).\n"
                  "// Do not edit: change the generator and regenerate (see tools/asn1gen/README.md).\n")
        constructed = ("seq", "choice", "seqof", "ies", "ep")
        prev = []
        all_decls = []
        all_json = []
        for mname in MODULE_ORDER:
            if mname not in self.modules:
                continue
            base = MODULE_FILES[mname]
            mod = self.modules[mname]
            if not mod.types and not mod.values:
                continue
            h = [banner, "#pragma once\n", f"// ASN.1 module {mname}.\n\n"]
            h.append("#include <cstdint>\n#include <optional>\n#include <string>\n#include <string_view>\n"
                     "#include <variant>\n#include <vector>\n\n#include \"meridian/asn1/aper.hpp\"\n"
                     "#include \"meridian/asn1/protocol_ie.hpp\"\n")
            for p in prev:
                h.append(f"#include \"meridian/ngap/{p}.hpp\"\n")
            h.append("\nnamespace meridian::ngap {\n\n")
            if mname == "NGAP-Constants":
                for name, (gov, v) in mod.values.items():
                    ty = {"ProcedureCode": "procedure_code", "ProtocolIE-ID": "protocol_ie_id"}.get(gov, "std::int64_t")
                    h.append(f"inline constexpr {ty} {snake(name)} = {self.val(v)};\n")
                h.append("\n")
            tds = self.ordered(mname)
            for td in tds:
                h.append(self.decl(td))
                h.append("\n")
            if mname == "NGAP-CommonDataTypes":
                h.append("/// Wire numbers of the ProcedureCode and ProtocolIE-ID types above, for constants.\n")
            h.append("}  // namespace meridian::ngap\n")
            files[f"{inc}/{base}.hpp"] = "".join(h)
            prev.append(base)

            # codecs, split into files of bounded size
            chunks = []
            jchunks = []
            for td in tds:
                if td.kind in constructed or td.kind == "enum":
                    chunks.append(self.codec(td))
                if td.kind in constructed:
                    all_decls.append(f"void enc_{td.cname}(asn1::aper_writer& w, const {td.cname}& v);\n"
                                     f"bool dec_{td.cname}(asn1::aper_reader& r, {td.cname}& v);\n")
                    all_json.append(f"nlohmann::json json_{td.cname}(const {td.cname}& v);\n")
                    jchunks.append(self.json_fn(td))
            self.split(files, f"{lib}/{base}_codec", chunks, banner,
                       "#include \"ngap_codec_internal.hpp\"\n\nnamespace meridian::ngap {\n\n")
            self.split(files, f"{lib}/{base}_json", jchunks, banner,
                       "#include \"ngap_json_internal.hpp\"\n\nnamespace meridian::ngap {\n\n")

        # internal headers
        files[f"{lib}/ngap_codec_internal.hpp"] = (
            banner + "#pragma once\n// Encode/decode functions of every constructed NGAP type, shared by the codec files.\n\n"
            "#include \"meridian/ngap/ngap.hpp\"\n\nnamespace meridian::ngap {\n\n" + "".join(all_decls)
            + "\n}  // namespace meridian::ngap\n")
        cont = []
        for name in self.containing:
            td = self.defs[name]
            cont.append(f"nlohmann::json json_containing_{td.cname}(const asn1::octet_string& v);\n")
        files[f"{lib}/ngap_json_internal.hpp"] = (
            banner + "#pragma once\n// JSON rendering functions of every constructed NGAP type.\n\n"
            "#include <nlohmann/json.hpp>\n\n#include \"ngap_codec_internal.hpp\"\n#include \"json_support.hpp\"\n\n"
            "namespace meridian::ngap {\n\n" + "".join(all_json) + "".join(cont) + "\n}  // namespace meridian::ngap\n")

        # public API: the PDU and every type carried in an OCTET STRING (CONTAINING ...)
        api = [banner, "#pragma once\n// NGAP (TS 38.413) APER codec: the NGAP-PDU and the transfer containers.\n\n",
               "#include <cstdint>\n#include <span>\n#include <vector>\n\n#include \"meridian/common/result.hpp\"\n",
               "#include \"meridian/ngap/ngap_pdu_descriptions.hpp\"\n\nnamespace meridian::ngap {\n\n"]
        impl = [banner, "#include \"ngap_codec_internal.hpp\"\n\nnamespace meridian::ngap {\n\n"]
        jimpl = [banner, "#include \"ngap_json_internal.hpp\"\n#include \"meridian/ngap/json.hpp\"\n\nnamespace meridian::ngap {\n\n"]
        jdecl = [banner, "#pragma once\n// JSON rendering of NGAP values (nlohmann::json: link nlohmann_json to use it).\n\n",
                 "#include <nlohmann/json.hpp>\n\n#include \"meridian/ngap/ngap.hpp\"\n\nnamespace meridian::ngap {\n\n"]
        tops = [("NGAP-PDU", self.defs["NGAP-PDU"])] + [(n, self.defs[n]) for n in self.containing]
        for asn, td in tops:
            c = td.cname
            api.append(f"/// {asn}: a complete APER encoding (X.691 §11.1).\n"
                       f"decode_result<{c}> decode_{c}(std::span<const std::uint8_t> bytes);\n"
                       f"/// As above, with the bit offset and type of a failure in `error`.\n"
                       f"bool decode_{c}(std::span<const std::uint8_t> bytes, {c}& out, asn1::aper_error& error);\n"
                       f"encode_result<std::vector<std::uint8_t>> encode_{c}(const {c}& value);\n\n")
            impl.append(f"bool decode_{c}(std::span<const std::uint8_t> bytes, {c}& out, asn1::aper_error& error) {{\n"
                        f"  asn1::aper_reader r(bytes);\n  if (dec_{c}(r, out)) return true;\n  error = r.error();\n  return false;\n}}\n"
                        f"decode_result<{c}> decode_{c}(std::span<const std::uint8_t> bytes) {{\n"
                        f"  {c} v;\n  asn1::aper_error e;\n  if (!decode_{c}(bytes, v, e)) return std::unexpected(e.to_decode_error());\n  return v;\n}}\n"
                        f"encode_result<std::vector<std::uint8_t>> encode_{c}(const {c}& value) {{\n"
                        f"  asn1::aper_writer w;\n  enc_{c}(w, value);\n  if (!w.ok()) return std::unexpected(w.error());\n"
                        f"  return std::move(w).finish();\n}}\n\n")
            jdecl.append(f"nlohmann::json to_json(const {c}& value);\n")
            jimpl.append(f"nlohmann::json to_json(const {c}& value) {{ return json_{c}(value); }}\n")
        for name in self.containing:
            td = self.defs[name]
            jimpl.append(f"nlohmann::json json_containing_{td.cname}(const asn1::octet_string& v) {{\n"
                         f"  {td.cname} x;\n  asn1::aper_error e;\n"
                         f"  if (!decode_{td.cname}(v, x, e)) return json_undecodable(v, e);\n"
                         f"  return nlohmann::json{{{{{c_str(name)}, json_{td.cname}(x)}}}};\n}}\n")
        api.append("}  // namespace meridian::ngap\n")
        impl.append("}  // namespace meridian::ngap\n")
        jimpl.append("}  // namespace meridian::ngap\n")
        jdecl.append("\n}  // namespace meridian::ngap\n")
        files[f"{inc}/ngap.hpp"] = "".join(api)
        files["tests/unit/ngap/generated_samples.cpp"] = self.samples_file()
        files[f"{lib}/ngap_api.cpp"] = "".join(impl)
        files[f"{lib}/ngap_json_api.cpp"] = "".join(jimpl)
        files[f"{inc}/json.hpp"] = "".join(jdecl)

        # remove stale generated files, write the new ones
        for d in (inc, lib, "tests/unit/ngap"):
            full = os.path.join(root, d)
            os.makedirs(full, exist_ok=True)
            for f in os.listdir(full):
                p = os.path.join(full, f)
                rel = f"{d}/{f}"
                if rel not in files and self.is_generated(p):
                    os.remove(p)
        for rel, content in files.items():
            p = os.path.join(root, rel)
            old = None
            if os.path.exists(p):
                with open(p, encoding="utf-8") as fh:
                    old = fh.read()
            if old != content:
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(content)
        return files

    @staticmethod
    def is_generated(path):
        try:
            with open(path, encoding="utf-8") as fh:
                return fh.readline().startswith("// Generated by tools/asn1gen/asn1gen.py")
        except (OSError, UnicodeDecodeError):
            return False

    @staticmethod
    def split(files, stem, chunks, banner, head):
        parts = []
        cur = []
        size = 0
        for ch in chunks:
            if cur and size + len(ch) > MAX_FILE_BYTES:
                parts.append(cur)
                cur = []
                size = 0
            cur.append(ch)
            size += len(ch) + 1
        if cur:
            parts.append(cur)
        for i, p in enumerate(parts):
            name = f"{stem}.cpp" if len(parts) == 1 else f"{stem}_{i + 1}.cpp"
            files[name] = banner + head + "\n".join(p) + "\n}  // namespace meridian::ngap\n"


def main(argv=None):
    global MAX_FILE_BYTES
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("asn", help="the ASN.1 file (all NGAP modules)")
    ap.add_argument("--out", default=".", help="repository root to write include/ and lib/ under")
    ap.add_argument("--max-file-bytes", type=int, default=MAX_FILE_BYTES)
    args = ap.parse_args(argv)
    MAX_FILE_BYTES = args.max_file_bytes
    try:
        modules, text = parse_file(args.asn)
        g = Generator(modules, text)
        g.build()
        files = g.write_all(args.out)
    except Asn1Error as e:
        print(f"asn1gen: error: {e}", file=sys.stderr)
        return 1
    kinds = {}
    for td in g.defs.values():
        kinds[td.kind] = kinds.get(td.kind, 0) + 1
    print(f"asn1gen: {len(g.defs)} types ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
          f"{len(files)} files written under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
