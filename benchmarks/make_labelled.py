"""Write tests/fixtures/pseudonymisation/labelled.txt, the labelled accuracy set (deterministic).

Mentions are marked ``⟦surface→expected⟧`` (expected replacement text, may be
empty), tricky non-mentions ``⟪surface⟫``. Names are invented; see
labelled-key.yaml beside the output. Run: python benchmarks/make_labelled.py
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

OUT = (
    Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pseudonymisation" / "labelled.txt"
)

# (surface, expected) per variant kind
VARIANTS = {
    "full": [
        ("Francisco Javier Soto Muñoz", "Tomás Reyes Vera"),
        ("Joaquín Pérez", "Martín Díaz"),
        ("Rosa Paz", "Valeria Ortiz"),
        ("Ana María Contreras", "Laura Vidal"),
        ("Ana Fuentes", "Julia Mora"),
        ("Carmen Lagos", "Inés Rojas"),
        ("Delphine Okoro", "P12"),
        ("Rosita Quispe Mamani", "Clara"),
        ("Bartholomew Greene", "Oliver Hart"),
        ("Mercedes Luz Aravena", "Sofía Núñez"),
        ("Sebastián Undurraga", "Nicolás Prieto"),
        ("Maximiliano Goycolea", "Ignacio Barros"),
    ],
    "given": [
        ("Francisco", "Tomás"),
        ("Joaquín", "Martín"),
        ("Rosa", "Valeria"),
        ("Carmen", "Inés"),
        ("Delphine", "P12"),
        ("Bartholomew", "Oliver"),
        ("Mercedes", "Sofía"),
        ("Sebastián", "Nicolás"),
        ("Maximiliano", "Ignacio"),
        ("Javier", "Tomás"),
    ],
    "surname": [
        ("Soto", "Reyes"),
        ("Muñoz", "Vera"),
        ("Pérez", "Díaz"),
        ("Paz", "Ortiz"),
        ("Contreras", "Vidal"),
        ("Fuentes", "Mora"),
        ("Lagos", "Rojas"),
        ("Okoro", "P12"),
        ("Quispe", "Clara"),
        ("Greene", "Hart"),
        ("Aravena", "Núñez"),
        ("Undurraga", "Prieto"),
        ("Goycolea", "Barros"),
    ],
    "alias": [
        ("Pancho", "Tomi"),
        ("Joaco", "Tincho"),
        ("Ana María", "Laura"),
        ("Ana", "Julia"),
        ("Rosita", "Clara"),
        ("Bart", "Olly"),
        ("Seba", "Nico"),
        ("Maxi", "Nacho"),
        ("Francisco Soto", "Tomás Reyes"),
    ],
    "caps": [
        ("JOAQUÍN PÉREZ", "MARTÍN DÍAZ"),
        ("PANCHO", "TOMI"),
        ("DELPHINE OKORO", "P12"),
        ("CARMEN", "INÉS"),
        ("UNDURRAGA", "PRIETO"),
        ("GOYCOLEA", "BARROS"),
        ("ROSA PAZ", "VALERIA ORTIZ"),
    ],
    "lower": [
        ("joaquín", "martín"),
        ("joaco", "tincho"),
        ("delphine okoro", "P12"),
        ("pancho", "tomi"),
        ("carmen", "inés"),
        ("sebastián undurraga", "nicolás prieto"),
        ("bart", "olly"),
    ],
    "accentless": [
        ("Joaquin", "Martín"),
        ("Joaquin Perez", "Martín Díaz"),
        ("Munoz", "Vera"),
        ("Sebastian", "Nicolás"),
        ("Perez", "Díaz"),
    ],
    "nfd": [
        (unicodedata.normalize("NFD", "Joaquín"), "Martín"),
        (unicodedata.normalize("NFD", "Muñoz"), "Vera"),
        (unicodedata.normalize("NFD", "Sebastián Undurraga"), "Nicolás Prieto"),
    ],
    "linebreak": [
        ("Francisco\nSoto", "Tomás\nReyes"),
        ("Joaquín\nPérez", "Martín\nDíaz"),
        ("Delphine\nOkoro", "P12\n"),
        ("Sebastián  Undurraga", "Nicolás  Prieto"),
    ],
    "hyphen": [("Quispe-Mamani", "Clara"), ("Soto-Muñoz", "Reyes-Vera")],
    "fuzzy": [
        ("Francsico", "Tomás"),
        ("Joaquim", "Martín"),
        ("Contrears", "Vidal"),
        ("Undurrage", "Prieto"),
        ("Goycoleaa", "Barros"),
        ("Maximilano", "Ignacio"),
        ("Bartholomeu", "Oliver"),
        ("Aravenna", "Núñez"),
        ("Sebastían", "Nicolás"),
        ("Contreraz", "Vidal"),
        ("Aravema", "Núñez"),
    ],
    "org": [
        ("Cooperativa Agrícola Santa Rosa", "Cooperativa Agrícola El Sauce"),
        ("Sindicato Los Copihues", "[organization name]"),
    ],
    "email": [
        ("pancho.soto@gmail.com", "[EMAIL-"),
        ("rosa.paz@correo.cl", "[EMAIL-"),
        ("d.okoro@example.org", "[EMAIL-"),
        ("jperez+feria@uchile.cl", "[EMAIL-"),
    ],
    "phone": [
        ("+56 9 8765 4321", "[TEL-"),
        ("9 7123 4567", "[TEL-"),
        ("(2) 2345 6789", "[TEL-"),
        ("+44 20 7946 0958", "[TEL-"),
        ("987654321", "[TEL-"),
    ],
    "rut": [
        ("12.345.678-5", "[RUT-"),
        ("16543210-K", "[RUT-"),
        ("9.876.543-3", "[RUT-"),
        ("12.345.678-9", "[RUT-"),
    ],
    "url": [("https://www.facebook.com/rosita.quispe", "[URL-"), ("@maxi_goycolea", "[USER-")],
}
POSSESSIVE = [("Pancho", "Tomi"), ("Bart", "Olly"), ("Delphine", "P12"), ("Greene", "Hart")]

SPANISH = [
    "Ayer {m} llegó temprano a la feria.",
    "Según {m}, la red necesita más talleres.",
    "Conversé con {m} después de la reunión de la comisión.",
    "—No sé —dijo {m}—, hay que preguntarle a la directiva.",
    "La propuesta de {m} fue aprobada por mayoría.",
    "En la entrevista, {m} habló de confianza y de deudas.",
]
ENGLISH = [
    "Yesterday {m} arrived early at the fair.",
    "According to {m}, the network needs more workshops.",
    "I spoke with {m} after the commission meeting.",
    '"I don\'t know," said {m}, "ask the board."',
    "The proposal from {m} was approved by a majority.",
]

NON_MENTIONS = [
    "Llevaba una blusa ⟪rosa⟫ y un chal ⟪rosa⟫ pálido.",
    "Queremos ⟪paz⟫ y trabajo digno, dijeron en la marcha.",
    "Viajamos a ⟪La Paz⟫ en febrero y luego a ⟪Puerto Montt⟫.",
    "La feria de ⟪Santa Rosa⟫ abre los domingos.",
    "En la región de ⟪Los Lagos⟫ hay muchas cooperativas.",
    "Los ⟪lagos⟫ del sur estaban helados.",
    "Hay que buscar otras ⟪fuentes⟫ de financiamiento.",
    "La ⟪luz⟫ se cortó durante el taller.",
    "Compraron un auto ⟪mercedes⟫ usado, decía la gente.",
    "⟪Mariana⟫ y ⟪Anaís⟫ vendían pan amasado.",
    "La profesora ⟪Sotomayor⟫ coordinaba la comisión.",
    "⟪Francisca⟫ no vino, ni tampoco ⟪Joaquina⟫.",
    "⟪Mariano⟫ trajo las mesas para el puesto.",
    "⟪Tomás⟫ y ⟪Valeria⟫ son los seudónimos del estudio.",
    "⟪Martín⟫, ⟪Julia⟫ e ⟪Inés⟫ participaron en la asamblea.",
    "Se vendieron 116 talleres en ⟪2010⟫ y ⟪72⟫ respuestas.",
    "El arriendo cuesta ⟪$150.000⟫ al mes, o ⟪$1.250.000⟫ al año.",
    "La reunión fue entre ⟪1990-2010⟫ según el acta.",
    "Nos vemos a las ⟪10:30⟫ del ⟪15/09/2010⟫.",
    "Había ⟪12.345⟫ personas y el ⟪3,5%⟫ votó.",
    "Ver ⟪https://www.economiasolidaria.cl/feria⟫ para las fechas.",
    "El ISBN era ⟪978-3-16-148410-0⟫.",
    "Comimos ⟪banana⟫ y ⟪ananá⟫ en la once.",
    "El ⟪sotobosque⟫ estaba húmedo.",
    "She wore a ⟪rose⟫ dress to the ⟪green⟫ market.",
    "We ⟪will⟫ ⟪mark⟫ the date in ⟪May⟫.",
    "The ⟪greenery⟫ around the fair was new.",
    "⟪Oliver⟫ and ⟪Olly⟫ are pseudonyms in this study.",
    "The ⟪bartender⟫ knew everybody at the market.",
    "A ⟪paz⟫ social é importante, disse o visitante.",
    "Los ⟪copihues⟫ florecen en otoño.",
    "La ⟪cooperativa⟫ y el ⟪sindicato⟫ firmaron un acuerdo.",
    "⟪Entrevistadora⟫: ¿Y la ⟪Feria⟫ del domingo?",
    "INTERVIEWER: ⟪P4⟫ said the ⟪P12⟫ label was confusing.",
    "⟪Sebastopol⟫ es un nombre de calle en ⟪Valparaíso⟫.",
    "El ⟪maximalismo⟫ de la propuesta asustó a la directiva.",
    "⟪Goya⟫ pintó ⟪Contrastes⟫, dijo el guía.",
    "Eran ⟪fuertes⟫ y ⟪puentes⟫, no nombres.",
]


def main() -> None:
    rng = random.Random(3)
    lines = ["# Labelled accuracy set (see benchmarks/make_labelled.py). Invented names."]
    count = 0
    for kind, variants in VARIANTS.items():
        for surface, expected in variants:
            templates = SPANISH + ENGLISH
            for template in rng.sample(
                templates, 3 if kind not in ("email", "phone", "rut") else 2
            ):
                mark = f"⟦{surface}→{expected}⟧"
                text = template.format(m=mark)
                lines.append(f"[{kind}] " + text)
                count += 1
    for surface, expected in POSSESSIVE:
        for apostrophe in ("'", "’"):
            lines.append(
                f"[possessive] ⟦{surface}→{expected}⟧{apostrophe}s brother works at the port."
            )
            lines.append(
                f"[possessive] El bote de ⟦{surface}→{expected}⟧{apostrophe}s estaba en el muelle."
            )
            count += 2
    others = 0
    for sentence in NON_MENTIONS:
        for prefix in (
            "",
            "Luego: ",
            "Nota. ",
            "En la reunión: ",
            "Después, ",
            "Also: ",
            "P4: ",
            "—",
        ):
            lines.append(f"[none] {prefix}{sentence}")
            others += sentence.count("⟪")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {count} mention sentences, {others} non-mentions")


if __name__ == "__main__":
    main()
