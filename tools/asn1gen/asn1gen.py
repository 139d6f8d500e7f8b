#!/usr/bin/env python3
"""asn1gen: ASN.1 (the 3GPP NGAP modules) -> C++23 APER codec.

    python3 tools/asn1gen/asn1gen.py ../shared/specs/ngap/38413-h30.asn --out .

writes include/meridian/ngap/*.hpp and lib/ngap/*.cpp (run from the
repository root; --out names the root). The output is deterministic, so a test
can regenerate into a temporary directory and compare with what is committed.

What comes out (tools/asn1gen/README.md lists the files):
  - headers per ASN.1 module, NGAP-PDU-Contents split by procedure family and
    NGAP-IEs by which families use a type (assign_groups), with a plain struct
    (SEQUENCE), a struct holding a std::variant (CHOICE), std::vector
    (SEQUENCE OF), enum class (ENUMERATED) or a type alias (INTEGER, strings,
    ...) per type, the ASN.1 definition as a comment above it;
  - information object sets resolved: a message's ProtocolIE-Container becomes
    one typed member per IE (std::optional when the IE is optional), driven by
    a table (id, criticality, presence) that the asn1 runtime walks;
  - encode/decode functions, one .cpp per family or shared group, that call the
    small APER runtime in include/meridian/asn1 field by field, and JSON
    rendering functions in separate files that see nlohmann::json only through
    the helpers of lib/ngap/json_support.hpp.
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

# Sections of NGAP-PDU-Contents that TS 38.413 §8.4 counts as UE mobility management.
FAMILY_FOLD = {
    "handover_success": "ue_mobility_management",
    "uplink_ran_early_status_transfer": "ue_mobility_management",
    "downlink_ran_early_status_transfer": "ue_mobility_management",
}
# Procedure families whose messages concern one UE (they carry its NGAP ids):
# IE types shared only among these go to ngap_ies_ue_associated.hpp.
UE_ASSOCIATED_FAMILIES = {
    "pdu_session_management", "ue_context_management", "ue_mobility_management", "nas_transport", "trace",
    "location_reporting", "ue_tnla_binding", "ue_radio_capability_management", "data_usage_reporting",
}
CONSTRUCTED = ("seq", "choice", "seqof", "ies", "ep")

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

    def json(self, t, out, lv):
        """Statement rendering value `lv` of type t into the nlohmann::json `out`
        through the out-of-line helpers of lib/ngap/json_support.hpp."""
        if t.kind == "unknown_ies":
            return f"json_unknown_ies({out}, ({lv}).extras_);"
        if t.kind == "private":
            return f"json_private_ies({out}, {lv});"
        td, p = self.resolve(t)
        if p is None:
            if td.kind == "enum":
                return f"json_enum({out}, to_string({lv}), static_cast<std::uint32_t>({lv}));"
            return f"json_{td.cname}({out}, {lv});"
        k = p.kind
        if k == "octets":
            if td is not None and td.asn == "NAS-PDU":
                return f"json_nas_pdu({out}, {lv});"
            if p.containing is not None and p.containing.kind == "ref":
                return f"json_containing_{self.defs[p.containing.name].cname}({out}, {lv});"
            return f"json_hex({out}, {lv});"
        if k == "bits":
            return f"json_bits({out}, {lv});"
        if k == "null":
            return f"json_null({out});"
        if k == "oid":
            return f"json_hex({out}, ({lv}).contents_);"
        if k == "int":
            return f"json_{'uint' if self.is_u64(p) else 'int'}({out}, {lv});"
        if k == "bool":
            return f"json_bool({out}, {lv});"
        if k == "str":
            return f"json_string({out}, {lv});"
        raise Asn1Error(f"cannot render {k} as JSON")

    @staticmethod
    def member(key):
        return f"json_member(j, {c_str(key)})"

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
            o.append(f"void enc_{c}_ie(asn1::aper_writer& w, const {c}& v, std::size_t i) {{\n  switch (i) {{\n")
            for i, ie in enumerate(td.ies):
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                o.append(f"    case {i}:\n      {self.enc(ie['type'], ('*' if optional else '') + f, ie['name'])}\n      break;\n")
            o.append("  }\n}\n")
            o.append(f"bool dec_{c}_ie(asn1::aper_reader& r, {c}& v, std::size_t i) {{\n  switch (i) {{\n")
            for i, ie in enumerate(td.ies):
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                o.append(f"    case {i}:\n      return {self.dec(ie['type'], f + ('.emplace()' if optional else ''), ie['name'])};\n")
            o.append("  }\n  return false;\n}\n")
            size = f"asn1::sized({td.size[0]}, {td.size[1]})" if td.size else "asn1::unsized()"
            o.append(f"constexpr auto {c}_table = asn1::make_ie_set<{c}, enc_{c}_ie, dec_{c}_ie>(\n"
                     f"    {c}_specs, {c_str(td.set_name if not td.flatten else td.asn)}, {size});\n")
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
            o.append(f"  asn1::encode_ie_{fn}(w, {c}_table, present, v);\n")
            if td.flatten and td.t.ext:
                o.append("  if (!v.unknown_extensions_.empty()) w.put_extensions(v.unknown_extensions_);\n")
            o.append("}\n")
            o.append(f"bool dec_{c}(asn1::aper_reader& r, {c}& v) {{\n")
            if td.flatten and td.t.ext:
                o.append(f"  bool ext = false;\n  if (!r.get_bit(ext, {c_str(td.asn)})) return false;\n")
            o.append(f"  bool seen[{n}];\n  if (!asn1::decode_ie_{fn}(r, {c}_table, seen, v)) return false;\n")
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
        m = self.member
        o = [f"void json_{c}(nlohmann::json& j, const {c}& v) {{\n"]
        if td.kind == "seqof":
            o.append(f"  json_array(j);\n  for (const auto& e : v) {self.json(td.t.elem, 'json_element(j)', 'e')}\n")
        elif td.kind == "seq":
            o.append("  json_object(j);\n")
            for x in td.t.comps:
                f = f"v.{snake(x.name)}_"
                if x.optional:
                    o.append(f"  if ({f}) {self.json(x.type, m(x.name), '*' + f)}\n")
                else:
                    o.append(f"  {self.json(x.type, m(x.name), f)}\n")
            if td.t.ext:
                o.append(f"  if (!v.unknown_extensions_.empty()) json_unknown_extensions({m('unknown-extensions')}, v.unknown_extensions_);\n")
        elif td.kind == "choice":
            alts = td.t.comps + td.t.ext_comps
            o.append("  json_object(j);\n  switch (v.value_.index()) {\n")
            for i, x in enumerate(alts):
                o.append(f"    case {i}:\n      {self.json(x.type, m(x.name), f'std::get<{i}>(v.value_)')}\n      break;\n")
            if td.t.ext:
                o.append(f"    default:\n      json_unknown_extension({m('unknown-extension')}, std::get<{len(alts)}>(v.value_));\n      break;\n")
            o.append("  }\n")
        elif td.kind == "ies":
            o.append("  json_object(j);\n")
            for ie in td.ies:
                f = f"v.{ie['field']}_"
                optional = ie["presence"] != "mandatory" or not td.flatten
                if optional:
                    o.append(f"  if ({f}) {self.json(ie['type'], m(ie['name']), '*' + f)}\n")
                else:
                    o.append(f"  {self.json(ie['type'], m(ie['name']), f)}\n")
            o.append("  add_unknown_ies(j, v.extras_);\n")
            if td.flatten and td.t.ext:
                o.append(f"  if (!v.unknown_extensions_.empty()) json_unknown_extensions({m('unknown-extensions')}, v.unknown_extensions_);\n")
        elif td.kind == "ep":
            n = len(td.eps)
            o.append("  json_object(j);\n  const std::size_t i = v.value_.index();\n")
            o.append("  static constexpr std::string_view procedures[] = {")
            o.append(", ".join(c_str(ep["code"][3:]) for ep, _ in td.eps))
            o.append("};\n")
            o.append("  static constexpr std::string_view messages[] = {")
            o.append(", ".join(c_str(mt.name) for _, mt in td.eps))
            o.append("};\n")
            o.append("  static constexpr asn1::ie_criticality criticality[] = {")
            o.append(", ".join(f"asn1::ie_criticality::{ep.get('crit', 'ignore')}" for ep, _ in td.eps))
            o.append("};\n")
            o.append(f"  if (i == {n}) {{\n    const auto& raw = std::get<{n}>(v.value_);\n"
                     f"    json_int({m('procedureCode')}, raw.code_);\n"
                     f"    json_string({m('criticality')}, asn1::to_string(raw.criticality_));\n"
                     f"    json_hex({m('value')}, raw.value_);\n    return;\n  }}\n")
            o.append(f"  json_string({m('procedureCode')}, procedures[i]);\n"
                     f"  json_string({m('criticality')}, asn1::to_string(v.criticality_.value_or(criticality[i])));\n"
                     f"  nlohmann::json& value = json_member({m('value')}, messages[i]);\n  switch (i) {{\n")
            for i, (ep, mt) in enumerate(td.eps):
                o.append(f"    case {i}:\n      {self.json(mt, 'value', f'std::get<{i}>(v.value_)')}\n      break;\n")
            o.append("  }\n")
        o.append("}\n")
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

    # ------------------------------------------------------------ layout: which file holds which type
    def section_families(self):
        """NGAP-PDU-Contents assignment name -> procedure family, read from the
        section banners of the module ("-- PDU SESSION MANAGEMENT ELEMENTARY PROCEDURES")."""
        out = {}
        module = None
        family = None
        for line in self.text.split("\n"):
            m = re.match(r"^([A-Z][A-Za-z0-9-]*)\s*(\{|DEFINITIONS)", line)
            if m and m.group(1) in self.modules:
                module, family = m.group(1), None
            m = re.match(r"^--\s*(.*?)\s+ELEMENTARY PROCEDURES?\s*$", line)
            if m and module == "NGAP-PDU-Contents":
                f = re.sub(r"\W+", "_", m.group(1).strip().lower())
                family = FAMILY_FOLD.get(f, f)
            m = re.match(r"^([A-Za-z][A-Za-z0-9-]*)\b", line)
            if m and module == "NGAP-PDU-Contents" and family:
                out.setdefault(m.group(1), family)
        return out

    def uses(self, td):
        """ASN.1 names of the types td refers to, including through OCTET STRING (CONTAINING ...)."""
        out = []

        def use(t):
            if t is None:
                return
            if t.kind == "ref":
                out.append(t.name)
            elif t.kind == "octets" and t.containing is not None and t.containing.kind == "ref":
                out.append(t.containing.name)

        if td.kind in ("seq", "choice"):
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
        elif td.kind in ("ref", "prim"):
            use(td.t)
        return out

    def assign_groups(self):
        """Sets td.group (the header that declares td) and td.unit (the .cpp
        files that hold its codec and JSON rendering) for every type.

        NGAP-PDU-Contents is split by procedure family, NGAP-IEs by which
        families use a type (directly, through other types, or inside an OCTET
        STRING (CONTAINING ...)): one family -> that family's header; several
        UE-associated families only -> ngap_ies_ue_associated; otherwise
        ngap_ies_common. A type's dependencies are used by every family that
        uses the type, so they sit in the same header or in a more shared one:
        the headers include each other without cycles."""
        families = self.section_families()
        users = {k: set() for k in self.defs}
        for k, td in self.defs.items():
            if td.module != "NGAP-PDU-Contents":
                continue
            family = families.get(re.split(r"[.#]", k)[0])
            if family is None:
                raise Asn1Error(f"{k}: not under an 'ELEMENTARY PROCEDURES' banner of NGAP-PDU-Contents")
            td.family = family
            stack = [k]
            seen = set()
            while stack:
                x = stack.pop()
                if x not in seen:
                    seen.add(x)
                    users[x].add(family)
                    stack += self.uses(self.defs[x])
        self.families = []
        for k in self.defs:
            f = getattr(self.defs[k], "family", None)
            if f and f not in self.families:
                self.families.append(f)
        for k, td in self.defs.items():
            u = users[k]
            if td.module == "NGAP-PDU-Contents":
                td.group = f"ngap_pdu_contents_{td.family}"
                td.unit = f"ngap_{td.family}"
            elif td.module == "NGAP-IEs":
                if len(u) == 1:
                    td.family = next(iter(u))
                    td.group = f"ngap_ies_{td.family}"
                    td.unit = f"ngap_{td.family}"
                else:
                    # no user: the NG-RAN transparent containers, carried as plain OCTET STRING
                    tier = ("transparent_containers" if not u
                            else "ue_associated" if u <= UE_ASSOCIATED_FAMILIES else "common")
                    td.group = td.unit = f"ngap_ies_{tier}"
            else:
                td.group = td.unit = MODULE_FILES[td.module]
        order = (["ngap_common_data_types", "ngap_constants", "ngap_ies_common", "ngap_ies_ue_associated"]
                 + [f"ngap_ies_{f}" for f in self.families]
                 + ["ngap_ies_transparent_containers"]
                 + [f"ngap_pdu_contents_{f}" for f in self.families] + ["ngap_pdu_descriptions"])
        present = {td.group for td in self.defs.values()}
        self.groups = [g for g in order if g in present or g == "ngap_constants"]
        for td in self.defs.values():
            for d in self.deps(td):
                if self.groups.index(d.group) > self.groups.index(td.group):
                    raise Asn1Error(f"{td.asn} in {td.group} needs {d.asn} from the later {d.group}")

    def ordered_group(self, group):
        """The types of one header, each after the types it needs."""
        done = set()
        out = []

        def visit(td):
            if td.asn in done or td.group != group:
                return
            for d in self.deps(td):
                visit(d)
            done.add(td.asn)
            out.append(td)

        for td in sorted((td for td in self.defs.values() if td.group == group),
                         key=lambda d: 0 if d.kind in ("prim", "enum") else 1):
            visit(td)
        return out

    def callees(self, td):
        """(constructed types whose enc_/dec_/json_ functions td's code calls,
        types whose json_containing_ function td's JSON rendering calls)."""
        calls = []
        contained = []
        for t in self.component_types(td):
            r, p = self.resolve(t)
            if p is None:
                if r.kind in CONSTRUCTED:
                    calls.append(r)
            elif (p.kind == "octets" and p.containing is not None and p.containing.kind == "ref"
                  and not (r is not None and r.asn == "NAS-PDU")):
                contained.append(self.defs[p.containing.name])
        return calls, contained

    @staticmethod
    def component_types(td):
        if td.kind in ("seq", "choice"):
            return [c.type for c in td.t.comps + td.t.ext_comps]
        if td.kind == "seqof":
            return [td.t.elem]
        if td.kind == "ies":
            return [ie["type"] for ie in td.ies]
        if td.kind == "ep":
            return [mt for _, mt in td.eps]
        return []

    GROUP_TEXT = {
        "ngap_common_data_types": "ASN.1 module NGAP-CommonDataTypes.",
        "ngap_constants": "ASN.1 module NGAP-Constants: procedure codes, IE ids and bounds.",
        "ngap_ies_common": ("ASN.1 module NGAP-IEs, the types shared across the procedure families: used by\n"
                            "// a non-UE-associated family (interface management, warning messages, ...)\n"
                            "// and at least one other family."),
        "ngap_ies_ue_associated": ("ASN.1 module NGAP-IEs, the types that two or more UE-associated procedure\n"
                                   "// families use (PDU session, UE context and UE mobility management, NAS\n"
                                   "// transport, trace, location reporting, ...) and no other family."),
        "ngap_ies_transparent_containers": ("ASN.1 module NGAP-IEs, the types no NGAP message refers to: the NG-RAN\n"
                                            "// transparent containers of handover (carried as plain OCTET STRING), what\n"
                                            "// only they use, and the few types nothing uses."),
        "ngap_pdu_descriptions": "ASN.1 module NGAP-PDU-Descriptions: the NGAP-PDU and the elementary procedures.",
    }

    def group_text(self, g):
        if g in self.GROUP_TEXT:
            return self.GROUP_TEXT[g]
        if g.startswith("ngap_ies_"):
            f = g[len("ngap_ies_"):].replace("_", " ")
            return (f"ASN.1 module NGAP-IEs, the types only the {f} procedures use\n"
                    "// (directly, through other types or inside an OCTET STRING (CONTAINING ...)).")
        f = g[len("ngap_pdu_contents_"):].replace("_", " ")
        return f"ASN.1 module NGAP-PDU-Contents, the messages of the {f} elementary procedures."

    @staticmethod
    def wrapper_decls(c, asn):
        return (f"/// {asn}: a complete APER encoding (X.691 §11.1).\n"
                f"decode_result<{c}> decode_{c}(std::span<const std::uint8_t> bytes);\n"
                f"/// As above, with the bit offset and type of a failure in `error`.\n"
                f"bool decode_{c}(std::span<const std::uint8_t> bytes, {c}& out, asn1::aper_error& error);\n"
                f"encode_result<std::vector<std::uint8_t>> encode_{c}(const {c}& value);\n")

    @staticmethod
    def wrapper_defs(c):
        return (f"bool decode_{c}(std::span<const std::uint8_t> bytes, {c}& out, asn1::aper_error& error) {{\n"
                f"  asn1::aper_reader r(bytes);\n  if (dec_{c}(r, out)) return true;\n  error = r.error();\n  return false;\n}}\n"
                f"decode_result<{c}> decode_{c}(std::span<const std::uint8_t> bytes) {{\n"
                f"  {c} v;\n  asn1::aper_error e;\n  if (!decode_{c}(bytes, v, e)) return std::unexpected(e.to_decode_error());\n  return v;\n}}\n"
                f"encode_result<std::vector<std::uint8_t>> encode_{c}(const {c}& value) {{\n"
                f"  asn1::aper_writer w;\n  enc_{c}(w, value);\n  if (!w.ok()) return std::unexpected(w.error());\n"
                f"  return std::move(w).finish();\n}}\n")

    # ------------------------------------------------------------ files
    def write_all(self, root):
        files = {}
        inc = "include/meridian/ngap"
        lib = "lib/ngap"
        banner = ("// Generated by tools/asn1gen/asn1gen.py from 3GPP TS 38.413 V17.3.0 (38413-h30.asn).\n"
                  "// Do not edit: change the generator and regenerate (see tools/asn1gen/README.md).\n")
        ns_open = "namespace meridian::ngap {\n\n"
        ns_close = "}  // namespace meridian::ngap\n"
        self.assign_groups()
        containing = set(self.containing)
        # The NG-RAN transparent containers are plain OCTET STRINGs in the messages,
        # so they get the same public encode/decode functions as the CONTAINING types.
        transparent = {td.asn for td in self.defs.values() if td.group == "ngap_ies_transparent_containers"
                       and td.kind in CONSTRUCTED and td.asn.endswith("TransparentContainer")}
        public = containing | transparent
        members = {g: self.ordered_group(g) for g in self.groups}

        # headers: one per group
        for g in self.groups:
            tds = members[g]
            tops = [td for td in tds if td.asn in public]
            h = [banner, "#pragma once\n", f"// {self.group_text(g)}\n\n"]
            h.append("#include <cstdint>\n#include <optional>\n")
            if tops:
                h.append("#include <span>\n")
            h.append("#include <string>\n#include <string_view>\n#include <variant>\n#include <vector>\n\n")
            if tops:
                h.append("#include \"meridian/common/result.hpp\"\n")
            h.append("#include \"meridian/asn1/aper.hpp\"\n#include \"meridian/asn1/protocol_ie.hpp\"\n")
            needs = {d.group for td in tds for d in self.deps(td)} - {g}
            if g not in ("ngap_common_data_types", "ngap_constants"):
                needs |= {"ngap_common_data_types", "ngap_constants"}
            if g == "ngap_constants":
                needs |= {"ngap_common_data_types"}
            if g == "ngap_pdu_descriptions":
                needs = {x for x in needs if not x.startswith("ngap_pdu_contents_")}
            for d in self.groups:
                if d in needs:
                    h.append(f"#include \"meridian/ngap/{d}.hpp\"\n")
            if g == "ngap_pdu_descriptions":
                h.append("#include \"meridian/ngap/ngap_pdu_contents.hpp\"\n")
            h.append("\n" + ns_open)
            if g == "ngap_constants":
                for name, (gov, v) in self.modules["NGAP-Constants"].values.items():
                    ty = {"ProcedureCode": "procedure_code", "ProtocolIE-ID": "protocol_ie_id"}.get(gov, "std::int64_t")
                    h.append(f"inline constexpr {ty} {snake(name)} = {self.val(v)};\n")
                h.append("\n")
            for td in tds:
                h.append(self.decl(td))
                h.append("\n")
            for td in tops:
                h.append(self.wrapper_decls(td.cname, td.asn) + "\n")
            if g == "ngap_common_data_types":
                h.append("/// Wire numbers of the ProcedureCode and ProtocolIE-ID types above, for constants.\n")
            h.append(ns_close)
            files[f"{inc}/{g}.hpp"] = "".join(h)

        # umbrella headers, one per split ASN.1 module
        for umbrella, prefix, what in (("ngap_ies", "ngap_ies_", "NGAP-IEs"),
                                       ("ngap_pdu_contents", "ngap_pdu_contents_", "NGAP-PDU-Contents")):
            parts = [g for g in self.groups if g.startswith(prefix)]
            files[f"{inc}/{umbrella}.hpp"] = (
                banner + "#pragma once\n"
                f"// ASN.1 module {what}, all of it. Code that needs only some procedures\n"
                f"// includes the {prefix}<family>.hpp headers below instead.\n\n"
                + "".join(f"#include \"meridian/ngap/{g}.hpp\"\n" for g in parts))

        # codec and JSON files: one pair per unit (a procedure family's IEs and
        # messages, or a shared group of IEs)
        units = []
        for g in self.groups:
            for td in members[g]:
                if td.unit not in units:
                    units.append(td.unit)
        for u in units:
            groups = [g for g in self.groups if any(td.unit == u for td in members[g])]
            tds = [td for g in groups for td in members[g]]
            here = {td.asn for td in tds}
            includes = "".join(f"#include \"meridian/ngap/{g}.hpp\"\n" for g in groups)
            if u == "ngap_pdu_descriptions":
                includes = "#include \"meridian/ngap/ngap.hpp\"\n"
            calls = []
            contained = []
            for td in tds:
                cs, ct = self.callees(td)
                calls += [c for c in cs if c.asn not in here and c not in calls]
                contained += [c for c in ct if c not in contained]
            codec = [banner, includes, "\n", ns_open]
            if calls:
                codec.append("// Defined in the codec files of the types' own groups.\n")
                for c in calls:
                    codec.append(f"void enc_{c.cname}(asn1::aper_writer& w, const {c.cname}& v);\n"
                                 f"bool dec_{c.cname}(asn1::aper_reader& r, {c.cname}& v);\n")
                codec.append("\n")
            codec.append("// Used by the other codec files.\n")
            for td in tds:
                if td.kind in CONSTRUCTED:
                    codec.append(f"void enc_{td.cname}(asn1::aper_writer& w, const {td.cname}& v);\n"
                                 f"bool dec_{td.cname}(asn1::aper_reader& r, {td.cname}& v);\n")
            codec.append("\n")
            for td in tds:
                if td.kind in CONSTRUCTED or td.kind == "enum":
                    codec.append(self.codec(td) + "\n")
            for td in tds:
                if td.asn in public or td.asn == "NGAP-PDU":
                    codec.append(self.wrapper_defs(td.cname) + "\n")
            codec.append(ns_close)
            files[f"{lib}/{u}_codec.cpp"] = "".join(codec)

            jcalls = [c for c in calls]
            js = [banner, includes, "#include \"json_support.hpp\"\n\n", ns_open]
            ext_contained = [c for c in contained if c.asn not in here]
            if jcalls or ext_contained:
                js.append("// Defined in the JSON files of the types' own groups.\n")
                for c in jcalls:
                    js.append(f"void json_{c.cname}(nlohmann::json& j, const {c.cname}& v);\n")
                for c in ext_contained:
                    js.append(f"void json_containing_{c.cname}(nlohmann::json& j, const asn1::octet_string& v);\n")
                js.append("\n")
            js.append("// Used by the other JSON files.\n")
            for td in tds:
                if td.kind in CONSTRUCTED:
                    js.append(f"void json_{td.cname}(nlohmann::json& j, const {td.cname}& v);\n")
                if td.asn in containing:
                    js.append(f"void json_containing_{td.cname}(nlohmann::json& j, const asn1::octet_string& v);\n")
            js.append("\n")
            for td in tds:
                if td.kind in CONSTRUCTED:
                    js.append(self.json_fn(td) + "\n")
            for td in tds:
                if td.asn in containing:
                    c = td.cname
                    js.append(f"void json_containing_{c}(nlohmann::json& j, const asn1::octet_string& v) {{\n"
                              f"  {c} x;\n  asn1::aper_error e;\n"
                              f"  if (decode_{c}(v, x, e)) {{\n    json_{c}(json_member(j, {c_str(td.asn)}), x);\n  }} else {{\n"
                              f"    json_undecodable(j, v, e);\n  }}\n}}\n\n")
            js.append(ns_close)
            files[f"{lib}/{u}_json.cpp"] = "".join(js)

        # public API: the PDU (the transfers' functions are declared in their groups' headers)
        pdu = self.defs["NGAP-PDU"]
        files[f"{inc}/ngap.hpp"] = (
            banner + "#pragma once\n// NGAP (TS 38.413) APER codec: the NGAP-PDU and the transfer containers, with\n"
            "// every NGAP type. Code that needs only some procedures or transfers includes the\n"
            "// ngap_pdu_contents_<family>.hpp or ngap_ies_<group>.hpp header that declares them.\n\n"
            "#include <cstdint>\n#include <span>\n#include <vector>\n\n#include \"meridian/common/result.hpp\"\n"
            "#include \"meridian/ngap/ngap_ies.hpp\"\n#include \"meridian/ngap/ngap_pdu_descriptions.hpp\"\n\n"
            + ns_open + self.wrapper_decls(pdu.cname, pdu.asn) + "\n" + ns_close)
        tops = [pdu] + [self.defs[n] for n in self.containing]
        jimpl = [banner, "#include \"meridian/ngap/json.hpp\"\n\n#include \"json_support.hpp\"\n\n", ns_open,
                 "// Defined in the JSON files of the types' own groups.\n"]
        jdecl = [banner, "#pragma once\n// JSON rendering of NGAP values (nlohmann::json: link nlohmann_json to use it).\n\n",
                 "#include <nlohmann/json.hpp>\n\n#include \"meridian/ngap/ngap.hpp\"\n\n", ns_open]
        for td in tops:
            jimpl.append(f"void json_{td.cname}(nlohmann::json& j, const {td.cname}& v);\n")
        jimpl.append("\n")
        for td in tops:
            c = td.cname
            jdecl.append(f"nlohmann::json to_json(const {c}& value);\n")
            jimpl.append(f"nlohmann::json to_json(const {c}& value) {{\n  nlohmann::json j;\n  json_{c}(j, value);\n  return j;\n}}\n")
        jimpl.append(ns_close)
        jdecl.append("\n" + ns_close)
        files["tests/unit/ngap/generated_samples.cpp"] = self.samples_file()
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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("asn", help="the ASN.1 file (all NGAP modules)")
    ap.add_argument("--out", default=".", help="repository root to write include/ and lib/ under")
    args = ap.parse_args(argv)
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
