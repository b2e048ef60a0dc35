#!/usr/bin/env python3
"""Generate realistic attention records for custodia tests and benchmarks.

Models the deployment in the seed news item (Serenazgo de Miraflores, Lima):
five decentralised modules (zones 4, 7, 10, 11, 13), 7,199 attentions from
November 2025 to February 2026, of which 52.7 % fiscalizacion, 32.6 %
seguridad ciudadana, 12.3 % obras y servicios publicos and the rest seguridad
vial, apoyo al turista, defensa civil and desarrollo humano. Jorge Chavez
(zone 4) had 1,770 attentions and Francisco de Zela (zone 13) 1,472; the other
three modules share the rest equally. The seed does not say which of Leoncio
Prado, Tejada and Clorinda Matto de Turner is in zones 7, 10 and 11: the
mapping below is an assumption, as are the coordinates (approximate).

Officers belong to one module and one 8-hour shift (06-14, 14-22, 22-06
overnight) and wear one camera each; every attention happens within the
shift of its officers, so --roster gives the officer of a camera at the
attention's time. Python 3 standard library only; deterministic for a given
--seed and options.

  gen_dataset.py --rows 5000 --seed 7 --format csv --delimiter ';' \\
      --out att.csv --truth truth.json --roster roster.csv
"""

import argparse
import bisect
import csv
import datetime as dt
import json
import random
import sys

LIMA_OFFSET = dt.timedelta(hours=-5)  # America/Lima: UTC-5, no DST since 1994
START = dt.date(2025, 11, 1)
DAYS = (dt.date(2026, 3, 1) - START).days  # Nov 2025 - Feb 2026

# name, zone, attentions in the seed, centre (lat, lon), streets nearby
MODULES = [
    ("Jorge Chávez", 4, 1770, (-12.117900, -77.033400),
     ["Av. Jorge Chávez", "Av. Arequipa", "Calle Enrique Palacios", "Calle General Borgoño", "Av. Petit Thouars"]),
    ("Francisco de Zela", 13, 1472, (-12.130500, -77.013800),
     ["Calle Francisco de Zela", "Av. Reducto", "Calle Alfonso Ugarte", "Av. Paseo de la República", "Calle Tarata"]),
    ("Leoncio Prado", 7, 1319, (-12.112800, -77.044900),
     ["Calle Leoncio Prado", "Av. Comandante Espinar", "Calle Piura", "Av. Santa Cruz", "Calle Juan Fanning"]),
    ("Tejada", 10, 1319, (-12.126400, -77.030900),
     ["Calle Tejada", "Av. José Pardo", "Calle Berlín", "Av. José Larco", "Calle Schell"]),
    ("Clorinda Matto de Turner", 11, 1319, (-12.106600, -77.041500),
     ["Calle Clorinda Matto de Turner", "Av. Del Ejército", "Calle Tripoli", "Malecón de la Reserva", "Av. Benavides"]),
]

# id, weight (% of attentions), typical minutes, subcategories, agencies (name, probability)
CATEGORIES = [
    ("fiscalizacion", 52.7, (10, 45),
     ["comercio ambulatorio", "ruidos molestos", "construcción sin licencia", "local sin licencia",
      "ocupación indebida de la vía pública"], []),
    ("seguridad_ciudadana", 32.6, (10, 60),
     ["consumo de licor en la vía pública", "persona sospechosa", "hurto", "riña", "vehículo sospechoso"],
     [("PNP", 0.55), ("SAMU", 0.05)]),
    ("obras_servicios_publicos", 12.3, (15, 90),
     ["trabajos en la vía pública", "fuga de agua", "alumbrado público", "desmonte en la vía", "buzón sin tapa"], []),
    ("seguridad_vial", 0.8, (15, 60),
     ["accidente de tránsito", "vehículo mal estacionado", "semáforo inoperativo"], [("PNP", 0.5), ("SAMU", 0.3)]),
    ("apoyo_turista", 0.6, (5, 30),
     ["orientación a turista", "turista extraviado", "pérdida de documentos"], [("PNP", 0.2)]),
    ("defensa_civil", 0.5, (20, 90),
     ["amago de incendio", "cable caído", "árbol en riesgo de caída"], [("BOMBEROS", 0.7), ("GESTIÓN DE RIESGOS", 0.3)]),
    ("desarrollo_humano", 0.5, (15, 60),
     ["persona en situación de calle", "adulto mayor desorientado", "menor extraviado"], [("SAMU", 0.3), ("PNP", 0.2)]),
]

# code, start hour, share of the attentions
SHIFTS = [("M", 6, 0.35), ("T", 14, 0.45), ("N", 22, 0.20)]
SHIFT_HOURS = 8

OUTCOMES = [
    "se retiró al infractor de la zona", "se levantó el acta correspondiente", "se derivó el caso a la PNP",
    "se brindó orientación al vecino", "se coordinó con el área municipal", "se verificó sin novedad",
    "se notificó al responsable", "se dejó constancia en el parte de ocurrencias",
]


def cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def pick(rng, items, cum):
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def officer_id(zone, shift, i):
    return "SZ-%02d%s%02d" % (zone, shift, i)


def device_serial(zone, shift, i):
    return "BWC-%02d%s%02d" % (zone, shift, i)


# Times are whole minutes since START 00:00 local time: formatting through
# precomputed day strings keeps a million rows well under 30 s.
DAY_TEXT = [(START + dt.timedelta(days=d)).isoformat() for d in range(DAYS + 2)]
MONTH_TEXT = [t[:7] for t in DAY_TEXT]


def local_text(minute, style):
    """minute: local minutes since START. style: local | local_t | rfc3339."""
    day, m = divmod(minute, 1440)
    if style == "local":
        return "%s %02d:%02d" % (DAY_TEXT[day], m // 60, m % 60)
    if style == "local_t":
        return "%sT%02d:%02d:00" % (DAY_TEXT[day], m // 60, m % 60)
    return "%sT%02d:%02d:00-05:00" % (DAY_TEXT[day], m // 60, m % 60)


def summary_text(rng, sub, address, outcome):
    r = rng.random()
    if r < 0.02:  # a quoted remark: quotes inside a CSV field
        return 'Vecino reporta "%s" en %s; %s.' % (sub, address, outcome)
    if r < 0.04:  # two lines
        return "Atención por %s en %s.\n%s." % (sub, address, outcome.capitalize())
    return "Atención por %s en %s; %s." % (sub, address, outcome)


def generate(args):
    rng = random.Random(args.seed)
    rand = rng.random
    mod_cum = cumulative([m[2] for m in MODULES])
    cat_cum = cumulative([c[1] for c in CATEGORIES])
    shift_cum = cumulative([s[2] for s in SHIFTS])
    n_off = args.officers_per_shift
    styles = {"local": ["local"], "rfc3339": ["rfc3339"], "mixed": ["local", "local_t", "rfc3339"]}[args.times]

    events = []
    for _ in range(args.rows):
        module = pick(rng, MODULES, mod_cum)
        category = pick(rng, CATEGORIES, cat_cum)
        shift = pick(rng, SHIFTS, shift_cum)
        lo, hi = category[2]
        minutes = lo + int(rand() * (hi - lo + 1))
        shift_start = int(rand() * DAYS) * 1440 + shift[1] * 60
        opened = shift_start + int(rand() * (SHIFT_HOURS * 60 - minutes))
        k = 1 if rand() < 0.7 else (2 if rand() < 0.83 else 3)
        chosen = sorted(rng.sample(range(1, n_off + 1), min(k, n_off)))
        officers = [officer_id(module[1], shift[0], i) for i in chosen]
        events.append((opened, rand(), opened + minutes, module, category, officers))
    events.sort(key=lambda e: (e[0], e[1]))

    for n, (opened, salt, closed, module, category, officers) in enumerate(events, 1):
        sub = category[3][int(salt * len(category[3]))]
        agencies = [a for a, p in category[4] if rand() < p]
        street = module[4][int(rand() * len(module[4]))]
        address = "%s %d, Miraflores" % (street, int(rand() * 590) + 10)
        lat = "%.6f" % (module[3][0] + (rand() - 0.5) * 0.008)
        lon = "%.6f" % (module[3][1] + (rand() - 0.5) * 0.008)
        style = styles[n % len(styles)]
        month = MONTH_TEXT[opened // 1440]
        yield {
            "id": "ATN-%s%s-%07d" % (month[:4], month[5:], n),
            "module": module[0],
            "zone": module[1],
            "category": category[0] if n % 4 else CATEGORY_LABELS[category[0]],
            "category_id": category[0],
            "subcategory": sub,
            "month": month,
            "opened_at": local_text(opened, style),
            "closed_at": local_text(closed, style),
            "officers": officers,
            "agencies": agencies,
            "address": address,
            "lat": lat,
            "lon": lon,
            "summary": summary_text(rng, sub, address, OUTCOMES[int(rand() * len(OUTCOMES))]),
        }


CATEGORY_LABELS = {
    "fiscalizacion": "Fiscalización", "seguridad_ciudadana": "Seguridad ciudadana",
    "obras_servicios_publicos": "Obras y servicios públicos", "seguridad_vial": "Seguridad vial",
    "apoyo_turista": "Apoyo al turista", "defensa_civil": "Defensa civil", "desarrollo_humano": "Desarrollo humano",
}

COLUMNS = ["id", "module", "zone", "category", "subcategory", "opened_at", "closed_at", "officers", "agencies",
           "address", "lat", "lon", "summary"]


def write_csv(rows, out, delimiter, crlf, truth):
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    w.writerow(COLUMNS)
    for r in rows:
        truth.add(r)
        w.writerow([r["id"], r["module"], r["zone"], r["category"], r["subcategory"], r["opened_at"],
                    r["closed_at"], "|".join(r["officers"]), "|".join(r["agencies"]), r["address"], r["lat"],
                    r["lon"], r["summary"]])


def write_jsonl(rows, out, truth):
    d = json.dumps
    for n, r in enumerate(rows):
        truth.add(r)
        # Coordinates as JSON numbers on every other line, digits as generated
        # (trailing zeros included): the importer must keep them exactly.
        lat, lon = (r["lat"], r["lon"]) if n % 2 else (d(r["lat"]), d(r["lon"]))
        out.write('{"id":%s,"module":%s,"zone":%d,"category":%s,"subcategory":%s,"opened_at":%s,"closed_at":%s,'
                  '"officers":%s,"agencies":%s,"location":{"address":%s,"lat":%s,"lon":%s},"summary":%s}\n' % (
                      d(r["id"]), d(r["module"], ensure_ascii=False), r["zone"], d(r["category"], ensure_ascii=False),
                      d(r["subcategory"], ensure_ascii=False), d(r["opened_at"]), d(r["closed_at"]),
                      d(r["officers"]), d(r["agencies"], ensure_ascii=False), d(r["address"], ensure_ascii=False),
                      lat, lon, d(r["summary"], ensure_ascii=False)))


class Truth:
    """Exact counts of what was written, as a report over the file would give."""

    def __init__(self):
        self.rows = 0
        self.by = {k: {} for k in ("category", "module", "zone", "month", "officer")}

    def add(self, r):
        self.rows += 1
        for key, value in (("category", r["category_id"]), ("module", r["module"]), ("zone", str(r["zone"])),
                           ("month", r["month"])):
            self.by[key][value] = self.by[key].get(value, 0) + 1
        for o in r["officers"]:
            self.by["officer"][o] = self.by["officer"].get(o, 0) + 1

    def to_json(self):
        out = {"rows": self.rows, "timezone": "America/Lima"}
        for key, counts in self.by.items():
            out["by_" + key] = dict(sorted(counts.items()))
        return out


def write_roster(path, officers_per_shift, delimiter):
    """One camera per officer, one row per shift worked: never overlapping."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(["device_serial", "officer_id", "from", "to"])
        for module in MODULES:
            for code, hour, _ in SHIFTS:
                for i in range(1, officers_per_shift + 1):
                    for day in range(DAYS):
                        start = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(hour))
                        end = start + dt.timedelta(hours=SHIFT_HOURS)
                        w.writerow([device_serial(module[1], code, i), officer_id(module[1], code, i),
                                    start.strftime("%Y-%m-%d %H:%M"), end.strftime("%Y-%m-%d %H:%M")])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=7199)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    p.add_argument("--delimiter", choices=[",", ";"], default=",")
    p.add_argument("--crlf", action="store_true", help="CSV lines end in CRLF (as Excel writes them)")
    p.add_argument("--times", choices=["local", "rfc3339", "mixed"], default="mixed",
                   help="Lima local times, RFC 3339 with -05:00, or both (default)")
    p.add_argument("--officers-per-shift", type=int, default=4, help="per module and shift (default 4: 60 officers)")
    p.add_argument("--out", help="output file (default: stdout)")
    p.add_argument("--truth", help="write exact per-category/module/zone/month/officer counts as JSON")
    p.add_argument("--roster", help="write a device roster CSV consistent with the officers' shifts")
    args = p.parse_args()
    if args.rows < 0 or args.officers_per_shift < 1:
        p.error("--rows must be >= 0 and --officers-per-shift >= 1")

    truth = Truth()
    rows = generate(args)
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        if args.format == "csv":
            write_csv(rows, out, args.delimiter, args.crlf, truth)
        else:
            write_jsonl(rows, out, truth)
    finally:
        if args.out:
            out.close()
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as f:
            json.dump(truth.to_json(), f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
    if args.roster:
        write_roster(args.roster, args.officers_per_shift, args.delimiter)


if __name__ == "__main__":
    main()
