# Builds passages.jsonl from a compact authoring notation:
#   [[surface|abbr]] -> mention  ⟦surface|category⟧
#   {{surface|abbr}} -> trap     ⟪surface|category⟫
# Kept for transparency; passages.jsonl is the deliverable.
import json, re, os

M = {"fn": "full-name", "gn": "given-name", "sn": "surname", "nk": "nickname",
     "in": "initials", "gl": "glued", "iv": "invisible", "ty": "typo",
     "ph": "phone", "em": "email", "rut": "rut", "org": "organisation",
     "inf": "inflected"}
T = {"sw": "surname-as-word", "pl": "place", "gw": "given-name-as-word",
     "op": "other-person-like", "ot": "other"}

P = []
def es(i, t): P.append(("es-%02d" % i, "es", t))
def en(i, t): P.append(("en-%02d" % i, "en", t))

# ---------------------------------------------------------------- Spanish
es(1, """Notas de campo, martes 7 de noviembre.
Llegué a la sede de [[Manos del Mar|org]] pasadas las diez. [[Rosa|gn]] ya estaba amarrando los atados de cochayuyo y me contó que [[Chelo|nk]] venía atrasada porque se cortó la {{luz|gw}} en todo el cerro y no pudo cargar el celular.
Detrás de la sede hay una {{tapia|sw}} de adobe medio caída que la separa del sitio de [[los Tapia|inf]] (la familia de [[Lucho|nk]]). [[Rosa|gn]] dice que la van a botar «cuando haya plata, o sea nunca».""")

es(2, """[Entrevista 04 · Transcripción: [[R. Alba|in]] · Leyenda: E = entrevistadora; [[RC|in]] = [[Rosa Campos|fn]] (código [[RECP|in]])]
E: ¿Y usted desde cuándo saca luga?
[[RC|in]]: Uf, desde chica. Mi mamá me llevaba al {{alba|sw}}, con la marea baja, a las {{cuevas|sw}} de abajo del faro.
E: ¿Iba sola?
[[RC|in]]: No, con la [[Amparo|gn]] y la finada Yoli. Éramos tres cabras chicas. Mucho después llegó la [[Pili|nk]], que es de otra generación.""")

es(3, """[12/11/23, 07:41:12] [[Consuelo Flores|fn]]: Buenos días chiquillas ☀️ hoy la marea baja a las 8:20
[12/11/23, 07:43:55] [[Rosita|nk]] 🌸: voy altiro, lleven bolsas
[12/11/23, 07:44:02] [[Pili|nk]] [[Montes|sn]]: yo no puedo, el Benja amaneció con fiebre 😩
[12/11/23, 07:50:31] [[Consuelo Flores|fn]]: ya [[Pili|nk]], que se mejore. {{Han|ot}} dicho que va a llover igual, así que apurémonos
[12/11/23, 08:02:10] [[+56 9 8877 6655|ph]]: voy saliendo, dejen la reja junta no más
[12/11/23, 08:02:40] [[Rosita|nk]] 🌸: ya tía [[Lucha|nk]] 👍""")

es(4, """LISTA DE ASISTENCIA — Asamblea extraordinaria
[[Sindicato de Pescadores Artesanales Caleta El Membrillo|org]]
Fecha: 18/11/2023 · Lugar: sede social, costanera s/n
N°\tNombre\tRUT\tFirma
1\t[[TAPIA SOTO, Luis Alberto|fn]]\t[[9.876.543-3|rut]]\t(firma)
2\t[[TAPIAS LEIVA, Jorge|fn]]\t[[10.987.654-2|rut]]\t(firma)
3\t[[LAGOS CASTILLO, Héctor M.|in]]\t[[5.812.904-6|rut]]\t(huella)
4\tObservador: [[Kellerman, Tobias|fn]] ([[Andes Bridge Volunteers|org]])\t—\t(firma)""")

es(5, """De: [[Paz Rosas Herrera|fn]] <[[prosas@puentesolidario.cl|em]]>
Para: [[Eva Marín|fn]] <[[eva.marin@ugr.es|em]]>
CC: [[Ana Ruiz|fn]] <[[aruiz@puentesolidario.cl|em]]>
Asunto: Re: consentimientos firmados

Hola [[Eva|gn]]: te adjunto los consentimientos escaneados. Falta el de la señora [[Amparo|gn]], que lo quiere leer en {{paz|gw}} con su nieta, sin nadie encima. Yo creo que el jueves lo tenemos.
Abrazo,
[[Paz|gn]]""")

es(6, """--
[[Ana Ruiz Toro|fn]]
Trabajadora Social · Programa Borde Costero
[[Fundación Puente Solidario|org]]
Av. Brasil 1780, Valparaíso
[[+56 2 2634 5500|ph]] anexo 14 · [[aruiz@puentesolidario.cl|em]]
www.[[puentesolidario|gl]].cl · Antes de imprimir este correo, piense en el medio ambiente 🌱""")

es(7, """Sábado en la noche fuimos a la {{peña|sw}} folclórica que organiza el sindicato para juntar fondos. [[Coke|nk]] tocaba la guitarra y don [[Tito|nk]] cantó una cueca dedicada a su señora, que murió hace dos inviernos. Me dio mucha {{pena|op}} verlo así, con los ojos llorosos.
Entre tema y tema, [[Tobias|gn]] grababa todo con el celular. Le pedí que después le preguntara a cada uno si se podía usar.""")

es(8, """(HL = [[Héctor Lagos|fn]], 78 años, pescador jubilado)
E: ¿Cómo era la caleta antes?
[[HL|in]]: Antes uno salía a las cuatro de la mañana y volvía con la lancha llena. Ahora sale uno y vuelve con {{pena|op}} no más.
E: ¿Y sus hijos?
[[HL|in]]: El mayor se fue al sur, a {{Los Lagos|pl}}, a las salmoneras. El otro anda con el [[Lucho|nk]] en la «{{Santa Rosa|ot}}», la lancha del sindicato.""")

es(9, """[03/12/23, 22:10] [[Rocío Alba|fn]]: Te subí las transcripciones al Drive 👍
[03/12/23, 22:10] [[Rocío Alba|fn]]: carpeta 2023-12 > [[RosaCampos|gl]]_entrevista2_v3.docx y [[HectorLagos|gl]]_final.docx
[03/12/23, 22:11] Yo: mil gracias!! ¿el audio de la [[Pili|nk]] se entendía?
[03/12/23, 22:13] [[Rocío Alba|fn]]: más o menos, había mucho viento. Puse [inaudible] donde no se escuchaba
[03/12/23, 22:14] [[Rocío Alba|fn]]: ah, y don [[Tito|nk]] nombra a un compadre que le dicen «el {{Toro|sw}}» por lo grandote, ¿ese también lo cambio?""")

es(10, """Taller «Mujeres y borde costero» — Registro de asistencia (sede [[Manos del Mar|org]])
1. [[Rosa E. Campos P.|in]] — [[7.654.321-6|rut]] — [[+56 9 8123 4567|ph]]
2. [[Consuelo Flores O.|in]] — [[15.234.987-4|rut]] — [[+56 9 5544 3321|ph]]
3. [[Pilar Montes|fn]] — [[17890123-0|rut]] — [[987654321|ph]]
4. [[Amparo Vidal S.|in]] — [[6543210-2|rut]] — (no tiene celular)
5. [[Luz M. Sepúlveda|in]] — [[8.456.123-1|rut]] — [[9-8877-6655|ph]]
6. Yolanda Reyes (invitada, caleta Portales) — sin datos
Facilita: [[Ana Ruiz|fn]] ([[Puente Solidario|org]]). Apoyo: [[H. Greene|in]], [[T. Kellerman|in]].""")

es(11, """Día de la madre en la sede. Las socias trajeron {{flores|sw}} del cerro y [[Consuelo|gn]] armó un arreglo con {{rosas|sw}} rojas y ramas de {{arce|sw}} que sacó de la plaza. [[Paz|gn]] llegó desde Santiago con una torta de la fundación.
En el brindis, [[Rosa|gn]] levantó el vaso: «{{Paz|gw}} y salud para todas, es lo único que pedimos». Después [[Lucha|nk]] sirvió once para veinte personas.""")

es(12, """Asunto: Reunión de equipo — viernes
Hola a todas:
Os recuerdo que el viernes nos vemos por Zoom a las 17 h de Chile (21 h en Granada). Orden del día:
(1) estado de las transcripciones de [[Rocío|gn]]; (2) el consentimiento de doña [[Amparo|gn]];
(3) qué hacemos con los audios que [[Tobias|gn]] grabó en la {{peña|sw}} sin avisar.
Un abrazo fuerte, [[Eva|gn]]
—
Dra. [[Eva Marín|fn]] · Dpto. de Antropología Social, Universidad de Granada""")

es(13, """[Grupo focal 2 · Transcriptora: [[Rocío|gn]] · CF = [[Consuelo Flores Olivares|fn]]; PM = [[Pilar Montes Cuevas|fn]]]
E: ¿Quién organizó la toma del muelle?
[[CF|in]]: Fue idea del [[Lucho|nk]] y del [[Jorje|ty]], del [[Coke|nk]] digamos. Y la señora [[Rosa|gn]] nos juntó a todas.
[[PM|in]]: Y al [[Tpia|ty]] lo citaron a declarar a la Capitanía, ¿te acordai?
[[CF|in]]: Sí, pero salió al tiro. Los marinos lo conocen de chico.""")

es(14, """Publicación copiada de facebook.com/[[pilar.montes.cuevas|gl]] (pública, 15/01/24):
«Orgullosa de mis compañeras de [[#ManosDelMar|gl]] 💙 hoy vendimos todo el cochayuyo en la feria. Gracias a la [[Chelo|nk]] por las etiquetas y a la tía [[Lucha|nk]] por las sopaipillas. ¡La {{lucha|ot}} sigue!»
Comentarios:
[[Rosa Campos|fn]]: 👏👏👏
[[Hannah Greene|fn]]: So proud of you all!! ❤️
[[Ana Ruiz Toro|fn]]: Vamos que se puede 💪""")

es(15, """Viaje a Santiago con [[Paz|gn]] para la reunión en la oficina central de la fundación, que queda en {{Peñalolén|pl}}. Después del almuerzo, en un local de avenida {{Santa Rosa|pl}}, ella tomó el metro a {{La Florida|pl}} para ver a su mamá.
En el bus de vuelta me contó que su familia es de {{San Pedro de la Paz|pl}}, al lado de Concepción, y que su abuela también fue recolectora, en Lota. «Yo soy [[Rosas|sn]] por el lado de los pescadores», dijo riéndose.""")

es(16, """[Texto copiado del informe PDF, pág. 12]
La dirigenta [[Con\u00adsuelo|iv]] [[Flores|sn]] señaló que la cooperativa «no es un {{consuelo|gw}} para viudas, es un trabajo». Por su parte, el presidente del sindicato, [[Luis|gn]] [[Ta\u200bpia|iv]], indicó que la caleta perdió un tercio de sus socios desde 2010.""")

es(17, """ACTA N° 37 — Directorio [[Cooperativa de Recolectoras Manos del Mar|org]]
Asisten: [[R. Campos|in]] (presidenta), [[C. Flores|in]] (secretaria), [[P. Montes|in]] (tesorera). Invitada: [[Paz Rosas|fn]] ([[Fundación Puente Solidario|org]]).
1. Se acuerda consultar a un abogado sobre un recurso de {{amparo|gw}} económico por el cierre del acceso a la playa.
2. La tesorera informa saldo de $412.000. La socia [[Amparo Vidal|fn]] solicita préstamo para remedios; se aprueba por unanimidad.
3. Varios: se fija la próxima sesión para el primer lunes de {{Mayo|ot}}.""")

es(18, """[Grupo focal, sede, 22/11/23]
E: ¿Quién quiere partir?
[[Pili|nk]]: Que parta la [[Chelo|nk]], si ella es la que habla.
[[Chelo|nk]]: Ay, [[Pilar|gn]], no seai pesá. (risas)
[[Amparo|gn]]: Yo parto. Mire, yo llevo cincuenta años en esto y nunca nadie nos preguntó na'.
[[Lucha|nk]]: Es verdad. Ni la muni, ni la Armada, ni la fundación al principio.
[[Amparo|gn]]: Ahora vienen los gringos a sacarnos fotos, jaja. La [[Hanna|ty]] es bien buena, eso sí, y el alemán también.""")

es(19, """$ ls -1 audios/2023-11/
entrevista_[[consuelo_flores|gl]]_2023-11-04.m4a
[[RosaCampos|gl]]_E2.m4a
grupo_focal_sede_22-11.m4a
[[hector.lagos|gl]]_caleta_(1).mp3
Dona[[Amparo|gl]]_retrato.jpg
audio_[[tobi|gl]]_{{peña|sw}}_sabado.m4a
notas_{{campo|op}}_noviembre.txt""")

es(20, """[20/11/23, 19:02:44] [[Lucho|nk]] [[Tapia|sn]]: reunión mañana 6 am en el muelle, no falten
[20/11/23, 19:05:10] [[Coke|nk]] [[Tapias|sn]]: conforme presi 👍
[20/11/23, 19:06:01] Don [[Tito|nk]]: yo voy pero llego tarde, tengo control en el Van Buren
[20/11/23, 19:10:33] [[Coke|nk]] [[Tapias|sn]]: ojo que el [[Lucho|nk]] cambió el número, ahora es el [[+56973451290|ph]]
[20/11/23, 19:11:02] [[Lucho|nk]] [[Tapia|sn]]: eso, el otro se me cayó al agua 🤦\u200d♂️""")

es(21, """Nota para el equipo: no confundirlos. [[Luis Tapia|fn]] ([[Lucho|nk]]) es el presidente del sindicato; [[Jorge Tapias|fn]] ([[Coke|nk]]) es el tesorero. No son parientes, aunque en la caleta bromean con que [[los Tapia|inf]] y [[los Tapias|inf]] «son la misma sangre con una ese de más».
[[Tapias|sn]] dice que su abuelo llegó de {{Olivar|pl}}, en la Sexta Región, a trabajar en los {{olivares|sw}} de un fundo, y terminó en el mar.""")

es(22, """E: ¿Usted cocina para todas?
[[LS|in]]: Sí po, desde que me jubilé. Me dicen la tía [[Lucha|nk]], pero mi nombre es [[Luz Marina|gn]].
E: ¿Y por qué [[Lucha|nk]]?
[[LS|in]]: Porque de chica era bien peleadora, pues. Y porque la {{lucha|ot}} es la {{lucha|ot}}, mijita.
(Leyenda: LS = [[Luz Marina Sepúlveda Arce|fn]], 71 años, cocinera de la sede.)""")

es(23, """Extracto del informe de avance (PDF a dos columnas, copiado tal cual):
«…según relata la señora [[Sepúl-\nveda|iv]], el comedor comenzó en 2019 con aportes de las propias socias. La coordinadora [[Ro-\nsas|iv]] confirma que el financiamiento de la fundación cubre solo los insumos y no el gas.»""")

es(24, """[08/01/24, 11:20] [[Ana Ruiz|fn]] Fundación: hola! te paso el contacto de la [[Pili|nk]] para la entrevista: [[987 654 321|ph]]
[08/01/24, 11:21] Yo: gracias [[Anita|inf]]!! 🙏
[08/01/24, 11:24] [[Ana Ruiz|fn]] Fundación: de nada. Dile que vas de parte mía y de la [[Paz|gn]]. Y ponte las {{pilas|op}} con el informe, que la {{Sole|ot}} de contabilidad lo pide el viernes 😅""")

es(25, """Certificado
Yo, [[Luis Alberto Tapia Soto|fn]], RUT [[9.876.543-3|rut]], presidente del [[Sindicato de Pescadores Artesanales Caleta El Membrillo|org]], certifico que don [[Héctor Manuel Lagos Castillo|fn]], RUN [[5812904-6|rut]], es socio activo desde 1971 y cuenta con matrícula de pescador vigente.
Se extiende el presente a petición del interesado, para los fines que estime convenientes.
Valparaíso, 2 de diciembre de 2023.
[[L. Tapia S.|in]] — Presidente""")

es(26, """[E09 · HL = [[Héctor M. Lagos C.|in]]]
E: ¿Cómo le decían de niño?
[[HL|in]]: [[Hectorcito|inf]], mi mamá. Después en la caleta me pusieron [[Tito|nk]] y quedó. Hay gente que ni sabe que me llamo [[Héctor|gn]].
E: ¿Y el apellido [[Lagos|sn]]?
[[HL|in]]: Por mi papá, que era chilote, de Quellón. En la casa de [[los Lagos|inf]] había fotos de todo {{Los Lagos|pl}}: volcanes, {{lagos|sw}}, ríos. Y [[Castillo|sn]] por mi mamá, que era de acá.""")

es(27, """Notas de campo, 14 de diciembre.
Acompañé a [[Pilar|gn]] a revisar el muelle viejo. El {{pilar|gw}} central está podrido y la Armada no autoriza arreglarlo. «Hay que ponerse las {{pilas|op}} y hacer otra toma», me dice, y sigue caminando con las botas de agua.
[[Montes|sn]] es su apellido, pero en la caleta nadie la llama así: para todos es la [[Pili|nk]], o la [[Pilarcita|inf]] para las viejas.""")

es(28, """Para: equipo investigación
Asunto: Transcripciones lote 3
Adjuntos: [[ConsueloFlores|gl]]_GF2.docx; E07_[[lucho_tapia|gl]].docx; E08_[[coke-tapias|gl]].docx

Hola! Van las tres. En la del [[Coke|nk]] dejé marcado cuando habla del [[Tobi|nk]] con nombre y apellido, por si hay que anonimizar. Ojo que en la ficha de la E08 me salió «[[Tapiaz|ty]]», con zeta; es con ese.
Saludos,
[[Rocío|gn]]
[[rocio.alba.q@gmail.com|em]] · [[+56 9 6021 7788|ph]]""")

es(29, """[[Rosa|gn]] llegó con un chaleco {{rosa|gw}} que le tejió su hermana. Junto a la puerta de su casa tiene una {{rosa de los vientos|gw}} pintada por el nieto. —Así no me pierdo —dice [[Rosita|nk]], riéndose.
Me muestra una foto de los años setenta: ella, la [[Amparito|inf]] y otra niña, descalzas en las rocas. Atrás se ven los {{montes|sw}} pelados de Playa Ancha, antes de las poblaciones.""")

es(30, """[15/01/24, 23:12] [[Eva Marín|fn]]: oye, ¿al final hablaste con [[Paz|gn]] lo de los viáticos?
[15/01/24, 23:13] Yo: sí, dice que [[Ana|gn]] lo firma el lunes
[15/01/24, 23:15] [[Eva Marín|fn]]: vale, genial. Por cierto, en marzo me voy a {{La Paz|pl}} a un congreso, ¿te apuntas?
[15/01/24, 23:15] [[Eva Marín|fn]]: dicen que {{Evo|op}} va a dar una charla, imagínate jajaja
[15/01/24, 23:16] Yo: jajaja no puedo, tengo terreno 😭""")

es(31, """Ficha de contacto (no compartir)
Nombre: [[Jorge Tapias Leiva|fn]] («[[Coke|nk]]»)
RUT: [[10987654-2|rut]]
Fono: [[09-6612345|ph]] (dice que es el de su señora, él casi no usa celular)
Dirección: pasaje {{Las Flores|pl}} 233, Playa Ancha
Observaciones: no confundir con [[Luis Tapia Soto|fn]]. Prefiere que lo entreviste [[Rocío|gn]] y no los voluntarios.""")

es(32, """Notas de campo (audio transcrito), 28 de diciembre.
Hoy en la mañana vino [[Grace|gn]], la coordinadora canadiense, con [[Siobhan|gn]] y [[Hannah|gn]]. Las señoras les tienen cariño a las dos, aunque a la irlandesa le dicen «la [[Shiv|nk]]» sin saber qué significa. [[Grace|gn]] habló con [[Consuelo|gn]] sobre el convenio con [[Andes Bridge|org]] para el próximo año.
El convenio sigue, y eso para las socias es un {{consuelo|gw}} después del año malo que tuvieron.""")

es(33, """ASISTENCIA — Cabildo abierto sobre el borde costero (Junta de Vecinos N° 54)
- [[Amparo Vidal Sanhueza|fn]] (socia [[Manos del Mar|org]])
- [[Rosa Campos Peña|fn]] (presidenta [[Manos del Mar|org]])
- [[Tapia, L.|in]] (presidente sindicato)
- [[Héc\u200btor|iv]] [[Lagos|sn]] (socio sindicato)
- Dolores {{Peña|ot}} (vecina, pasaje {{Las Flores|pl}})
- [[P. S. Rosas|in]] ([[Fundación Puente Solidario|org]], observadora)""")

es(34, """Conversación larga con [[Paz|gn]] en el auto. Antes de la fundación trabajó dos años en Aysén, en un proyecto cerca de {{Cerro Castillo|pl}}, y me mostró fotos de los {{Campos de Hielo|pl}}. Dice que extraña la {{soledad|gw}} del sur, pero no el frío.
Le pregunté si conocía a la señora [[Campos|sn]] desde antes: «a la [[Rosa|gn]] la conocí en una marcha, gritando más fuerte que nadie».""")

es(35, """[Nota de voz de [[Consuelo|gn]], transcrita a mano por la [[Pili|nk]] para la investigadora]
«Hola [[Ro\u00adcío|iv]], oye, que la [[Eba|ty]] me preguntó si el [[Hétor|ty]] firmó el papel, y yo le dije que no sé, que don [[Tito|nk]] estaba en el hospital. Llámame al [[+56955443321|ph]] cuando puedas, ya, chao.»""")

es(36, """Registro de voluntarios — turno comedor, semana 48
Lunes: [[Kel\u00adler\u00adman|iv]] / [[O'Neill|sn]]
Martes: [[Greene|sn]] / [[Whit\u00adfield|iv]]
Miércoles: solo la señora [[Sepúlbeda|ty]] en la cocina, sin voluntarios
Jueves: [[O'Neill|sn]] / [[Greene|sn]]
Viernes: feriado, no hay comedor""")

es(37, """Don [[Tito|nk]] se acuerda de que en tiempos de Frei {{Ruiz-Tagle|ot}} vino un ministro a inaugurar el muelle y prometió un {{castillo|sw}} de cosas. «Nos dejaron la {{pena|op}} no más», dice.
[[Lucho|nk]], que estaba al lado, le corrigió la fecha: fue con {{Lagos|ot}}, el presidente, no con Frei. Don [[Tito|nk]] se encogió de hombros.""")

# ---------------------------------------------------------------- English
en(1, """Week 3 in Valparaíso!! 🌊
I've been helping out at the [[Manos del Mar|org]] cooperative, where the women gather and dry a seaweed called cochayuyo. [[Rosa|gn]], the president, calls me '[[Han|nk]]' or 'la gringa' (apparently affectionate??). [[Rosa's|inf]] granddaughter wants to learn English so I'm teaching her on Tuesdays.
The sea is freezing and I have eaten roughly 40 empanadas. Follow along at instagram.com/[[hannah.greene|gl]].travels""")

en(2, """Weekly report volunteer — [[T. Kellerman|in]] — week 46
This week I have made the repairing of the roof of the union sede together with [[Lucho|nk]] and two other fishers. In the morning is very windy, so we begin only at 11. Mr. [[Tapia|sn]] has explained me that the union is not having money for the material, so [[Grace|gn]] said we can use the budget of [[Andes Bridge|org]].
Also I met the social worker [[Ana|gn]] [[Ruis|ty]] from the foundation, she is very nice. On saturday I was in the {{peña|sw}}, it was beautiful but I did not understand the lyrics.""")

en(3, """[14/11/2023, 21:03] [[Shiv|nk]] ☘️: are you coming to the {{peña|sw}} thing tonight
[14/11/2023, 21:04] [[Hannah|gn]]: yesss is [[Tobi|nk]] coming?
[14/11/2023, 21:04] [[Shiv|nk]] ☘️: he's with {{Anna|op}} 🙄
[14/11/2023, 21:05] [[Hannah|gn]]: lol ok. bring a jumper, [[Pillar|ty]] said it gets cold up the hill
[14/11/2023, 21:06] [[Shiv|nk]] ☘️: it's [[Pilar|gn]] with one L you eejit 😂""")

en(4, """From: [[Grace Whitfield|fn]] <[[grace.w@andesbridge.org|em]]>
To: [[Paz Rosas|fn]] <[[prosas@puentesolidario.cl|em]]>
Subject: Volunteer placements Jan–Mar
Hi [[Paz|gn]],
Quick update: [[Hannah|gn]] extends until March, [[Siobhan|gn]] finishes Dec 20, and [[Tobias|gn]] would like to move to the Chiloé project in February. I know [[Ana|gn]] was counting on him for the roof, so let's chat.
Also, the {{grace|gw}} period for the insurance paperwork ends Friday — could you send the signed forms?
Best, [[Grace|gn]]""")

en(5, """I = interviewer; [[TK|in]] = [[Tobias Kellerman|fn]] (recorded 30/11/2023, in English)
I: How did you end up in Valparaíso?
[[TK|in]]: I searched in internet for volunteering with fishers and I found [[Andes Bridge|org]]. Before, I was one year in {{Lagos|pl}}, in Nigeria, for an engineering company.
I: And how is it going with the union?
[[TK|in]]: Good, good. [[Lucho|nk]] is like a father for me. Only his wife is a bit suspicious, she thinks I am too much in the house, ha ha.""")

en(6, """Sat 18 Nov. Down to the caleta with [[Consuelo|gn]] at low tide, grand day for it. She showed me where they pick luga on the rocks under the lighthouse. [[Chelo|nk]] (everyone calls her that, I'm only copping on now) reckons the {{Green|op}} lads from the ministry haven't a clue about the seaweed quotas.
Her aunt [[Amparo|gn]] is 80 and still out on the rocks every week. Mam would have a fit if she saw me clambering after her.""")

en(7, """Subject: timesheet november 🙈
Hi [[Ana|gn]]!
Sorry this is late, attached is my timesheet. I put 6 hours for the workshop with Mrs [[Campos|sn]] and 4 for the English class at [[Rosa's|inf]] house. Could you sign it and send it on to [[Grace|gn]] ([[grace.w@andesbridge.org|em]])?
Thanks so much!!
[[Han|nk]] x
--
[[Hannah Greene|fn]] · Volunteer, [[Andes Bridge Volunteers|org]] · UK [[+44 7700 900123|ph]] · CL [[+56 9 3210 8876|ph]]""")

en(8, """[02/12/2023, 08:15] [[Grace Whitfield|fn]]: Morning all! Reminder: NO photos of the señoras without a signed consent form. Ask [[Rocío|gn]] if unsure.
[02/12/2023, 08:17] [[Tobi|nk]]: ok 👍 and for the fishers?
[02/12/2023, 08:20] [[Grace Whitfield|fn]]: same rule [[Tobi|nk]]!
[02/12/2023, 08:31] [[Hannah G|in]]: Noted. Does anyone have [[Lucho's|inf]] new number? his old one is dead
[02/12/2023, 08:33] [[Shiv|nk]] ☘️: [[+56 9 7345 1290|ph]] (he dropped the old phone in the sea lol)""")

en(9, """Dear Mrs. [[Marín|sn]],
thank you for your mail. Of course I give permission to use my interview. But please do not write my real name, my employer in Germany does not know I am here so long, ha ha. You can write "the German volunteer".
About the recordings from the {{peña|sw}}: I have deleted the ones where señora [[Amparo|gn]] is singing, because she was not agree.
Best regards from Valparaíso
[[Tobias Kellerman|fn]]
[[+49 151 2345 6789|ph]] (WhatsApp, also Chilean: [[9 5678 1234|ph]])""")

en(10, """ANDES BRIDGE VOLUNTEERS — Valparaíso team check-in, 28 Nov 2023
Present: [[G. Whitfield|in]] (chair), [[H. Greene|in]], [[T. Kellerman|in]], [[S. O'Neill|in]].
1. Roof at the union sede: materials bought; [[Tobias|gn]] to coordinate with [[L. Tapia|in]].
2. Safety: reminder not to walk down from Cerro Alegre alone after dark.
3. AOB: team dinner on the 15th at 8 {{PM|ot}}, venue TBC (maybe the place near the {{Castillo Wulff|pl}} in Viña). [[Siobhan|gn]] to book.""")

en(11, """Caption (instagram.com/[[hannah.greene|gl]].travels, 3 Dec):
Sunrise shift with the seaweed queens of [[#ManosDelMar|gl]] 🌅 cold hands, warm hearts, and [[Pili|nk]] singing Violeta Parra off-key 😂
[[#FuerzaDonTito|gl]] ❤️ get well soon [[Tito|nk]]!!
Comments: [[@tobi_kellerman|gl]]: 🔥🔥 / [[@shiv.oneill|gl]]: crying at the off-key bit""")

en(12, """--- Volunteer intake form (copied from the web form) ---
Name: [[Han\u200dnah|iv]] [[Greene|sn]]
Email: [[hannah.greene@andesbridge.org|em]]
Emergency contact: [[Andes Bridge|org]] office, [[+56 2 2890 4411|ph]]
Placement: [[Manos del Mar|org]], Valparaíso
On-site supervisor: [[Consuelo|gn]] [[Flo\u00adres|iv]]
Dietary requirements: vegetarian (but will try the empanadas)""")

en(13, """(I = interviewer; [[SO|in]] = [[Siobhan O’Neill|fn]], Irish volunteer)
I: What's been the hardest part?
[[SO|in]]: Honestly? The {{soledad|gw}}, as they say here. Being lonely, like. [[Rocío|gn]] and [[Eva|gn]] have been great, but the evenings are long.
I: Did the women notice?
[[SO|in]]: Oh God, yeah. [[Luz Marina|gn]] kept feeding me. She'd say "[[Shiv|nk]], estái muy flaca" and hand me a plate of porotos.""")

en(14, """Fieldnotes, 9 Dec (written in English for the workshop paper).
Long talk with [[Lucho|nk]] on the breakwater. He insists I write his name properly: "[[Luis Alberto Tapia Soto|fn]], not [[Lucho|nk]], for the book." I explained pseudonyms again. He laughed: "Then [[Luis|gn]] is fine. Nobody knows me as [[Luis|gn]]."
He also doesn't want to be confused with [[Coke|nk]]: "[[Tapias|sn]] with an s is the other one. I'm the one without.\"""")

en(15, """volunteer_id,name,country,phone,email,host
V-017,"[[Greene, Hannah|fn]]",UK,[[+56932108876|ph]],[[hannah.greene@andesbridge.org|em]],[[Manos del Mar|org]]
V-018,"[[Kellerman, Tobias|fn]]",DE,[[+56956781234|ph]],[[t.kellerman@posteo.de|em]],[[Sindicato El Membrillo|org]]
V-021,"[[O'Neill, Siobhan|fn]]",IE,[[+56 9 4455 2210|ph]],[[siobhan.oneill@andesbridge.org|em]],[[Manos del Mar|org]]
V-023,"Vogel, {{Anna|op}}",DE,,,(pending)""")

en(16, """[[Tobi's|inf]] list for the roof (please don't touch!!)
- 12 planchas de zinc → ask [[Lucho|nk]]
- screws from Sodimac in Viña → [[Coke|nk]] has the car
- plastic {{tapas|op}} for the pipes (the caps, not the food 😄)
- ladder: borrow from señora [[Rosa|gn]]
- drinks for after → beer and one {{Coke|ot}} Zero for the driver""")

en(17, """[05/11/2023, 18:40] [[Consuelo Flores|fn]]: [[Hannah|gn]] mañana no hay recolección, mucho viento
[05/11/2023, 18:42] [[Hannah|gn]]: ok thank you [[Chelo|nk]]!! 🙏 I go to the sede anyway for the English class?
[05/11/2023, 18:45] [[Consuelo Flores|fn]]: sí, la [[Rosa|gn]] te espera a las 4. Lleva paraguas
[05/11/2023, 18:46] [[Hannah|gn]]: paraguas = umbrella? 😅
[05/11/2023, 18:46] [[Consuelo Flores|fn]]: jajaja yes. Y dile a la [[Siobhan|gn]] que venga también""")

en(18, """From: [[Grace Whitfield|fn]]
Subject: RE: RE: visa extension — urgent
[[Paz|gn]], can the foundation write a support letter for [[Tobias|gn]] [[Kelerman|ty]]? PDI needs it by Monday. His RUT is still pending so please use the passport number. Sorry for the rush!
[[GW|in]]
Sent from my iPhone""")

en(19, """Zoom transcript (auto-generated), team meeting 12/01/2024
[00:01:12] [[Eva Marín|fn]]: okay can everybody hear me
[00:01:15] [[Grace Whitfield|fn]]: yes loud and clear
[00:01:20] [[Eva Marín|fn]]: great so first item is the consent for doña [[amparo|gn]]
[00:01:31] [[Paz Rosas|fn]]: she signed yesterday I have it here
[00:01:35] [[Eva Marín|fn]]: perfect and [[rocio|gn]] how are the transcripts going
[00:01:40] [[Rocío Alba|fn]]: eight out of twelve done the one with [[hector|gn]] is the longest""")

en(20, """Reflection 2 (SOC3021, University of Leeds)
My host, [[Rosa Elena Campos|fn]], is in her late sixties and has gathered seaweed since childhood. What struck me most was her insistence on dignity — "no somos pobrecitas". In a way she is the {{pillar|op}} of the cooperative, though she would laugh at the word. [[Campos's|inf]] account of the 2014 oil spill differs sharply from the official one, and [[Consuelito|inf]], as she calls her secretary, backs her up on every detail.""")

en(21, """Dear [[Grace|gn]],
I write you to ask if the volunteers can assist to the workshop of the day 12. [[Paz|gn]] says that [[Hannah|gn]] and the Irish girl are very welcome. Please remember them that the workshop is in Spanish, but [[Rocío|gn]] can translate a little.
Sorry for my English, it is not my strong point.
Kind regards,
[[Eva|gn]]
PS: the keys of the car I have left with [[Pili|nk]], she lives in front of the sede.""")

en(22, """SMS from [[+56 9 8123 4567|ph]] ([[Rosa|gn]]), 07:02:
"[[Hannah|gn]] no venga hoy, está malo el mar. Mañana sí. Saludos a la [[Grace|gn]]"
My translation, checked with [[Tobi|nk]]: "[[Hannah|gn]] don't come today, the sea is bad. Tomorrow yes. Greetings to [[Grace|gn]].\"""")

en(23, """Welcome to [[Andes Bridge Volunteers|org]]!
Our partners in Valparaíso are the [[Cooperativa de Recolectoras Manos del Mar|org]] and the fishers' union at {{Caleta El Membrillo|pl}}. For emergencies call our coordinator [[Grace|gn]] on [[+56 2 2890 4411|ph]] or write to [[info@andesbridge.org|em]]. More at www.[[andesbridge|gl]].org
Note: the {{Andes|pl}} are beautiful, but hiking alone is NOT allowed under any circumstances.""")

en(24, """Sunday. Today was the birthday of [[Lucho|nk]]. All the [[Tapia|sn]] family was there, also many people from the union. I have drunk too much pisco and I have danced cueca with señora [[Amparo|gn]], she is 80 years but more energy than me. [[Lucho's|inf]] wife says I am now "chileno honorario".
In the afternoon we watched football on TV, Colo-Colo against U, and everybody shouted for "el {{Albo|op}}". I am more happy here than in Hamburg.""")

en(25, """Beach clean-up — sign-in sheet (Playa Las Torpederas, 9 Dec)
1. [[Hannah Greene|fn]] ✔
2. [[Siobhan O'Neill|fn]] ✔
3. [[Tobias K.|in]] ✔
4. [[Grace W.|in]] (late!)
5. [[Pilar M.|in]] + 2 kids
6. [[Luz Marina|gn]] — brought sopaipillas
7. {{Rose|op}} ([[Hannah's|inf]] friend from Leeds, visiting)""")

en(26, """Hi [[Rocío|gn]],
Thanks a million for the transcript! Two tiny things: on p. 3 it says "[[Grene|ty]]" — [[Hannah's|inf]] surname is [[Greene|sn]], with a double e in the middle. And on p. 5 "Mrs [[O'Neil|ty]]" should be me, [[O'Neill|sn]], double L (nobody ever gets it right, don't worry).
Cheers,
[[Shiv|nk]]""")

en(27, """Hello [[Grace|gn]],
I am {{Anna|op}}, the friend of [[Tobias|gn]] from Hamburg. He told me maybe I can help in the kitchen of the sede with Mrs. [[Sepulveda|sn]], the cook. I speak spanish a little and I can stay until the end of January.
Greetings,
{{Anna|op}} V.""")

en(28, """Fieldnotes, 3 Jan. Funeral of a fisherman's widow at the chapel on the hill. The volunteers came; at the end [[Siobhan|gn]] and [[Hannah|gn]] sang "Amazing {{Grace|gw}}" in English, which made [[Amparo|gn]] cry. [[Grace|gn]] herself stood at the back with [[Ana|gn]] from the foundation.
Afterwards, in the sede, [[Lucha|nk]] served tea and [[Rosa|gn]] said quietly: "ahora descansa en {{paz|gw}}".""")

en(29, """Shared drive › ABV Valpo › Consent forms
  [[ONeill|gl]]_S_consent_signed.pdf
  [[GreeneH|gl]]_consent.pdf
  [[kellerman_tobias|gl]]_consent (1).pdf
  photo_release_[[tito_lagos|gl]].jpg
  release_[[RosaElenaCampos|gl]]_scan.pdf
  roster_{{Mayo|ot}}-Junio_2024.xlsx""")

en(30, """Workshop on women's leadership at the sede. [[Paz|gn]] showed a slide with {{Rosa Parks|ot}} and asked who in the room had ever refused to "give up their seat". [[Rosa|gn]] raised her hand first, of course: she once sat in front of the Capitanía for eleven hours.
[[Hannah|gn]] whispered to me: "she's literally our {{Rosa Parks|ot}}".""")

en(31, """From: [[Paz S. Rosas|in]] <[[prosas@puentesolidario.cl|em]]>
To: [[Grace Whitfield|fn]]
Subject: Re: support letter
Dear [[Grace|gn]],
The letter for [[Tobias|gn]] is attached, signed by our director. Please tell him to bring it to PDI with the passport. Also, our office in {{Puente Alto|pl}} is closed in February, so any documents must go to Valparaíso.
Un abrazo,
[[Paz|gn]]
[[Fundación Puente Solidario|org]] · [[+56 2 2634 5512|ph]]""")

en(32, """[10/12/2023, 05:48] [[Tobias Kellerman|fn]]: hola [[Coke|nk]], today we go to the sea or no?
[10/12/2023, 05:50] [[Jorge Tapias|fn]]: sí gringo, a las 6 en el muelle. trae chaleco
[10/12/2023, 05:51] [[Tobias Kellerman|fn]]: I am not gringo, I am German 😤
[10/12/2023, 05:51] [[Jorge Tapias|fn]]: jajaja pa nosotros todos son gringos. Y no le digai al [[Lucho|nk]] que vai, que se enoja
[10/12/2023, 05:52] [[Tobias Kellerman|fn]]: ok ok. {{Tio|op}} [[Tito|nk]] comes also?""")

en(33, """Quarterly report, Valparaíso placement (Q4 2023) — prepared by [[G. Whitfield|in]]
Three volunteers were placed this quarter ([[Greene|sn]], [[Kellerman|sn]], [[O'Neill|sn]]). Highlights: the roof of the union sede was finished, thanks largely to [[Kellerman's|inf]] persistence; the English club at [[Manos del Mar|org]] now has nine regular students. A concern: [[O'Neill's|inf]] placement ended early for family reasons.
Partner contact at the foundation: [[Paz Rosas|fn]], [[prosas@puentesolidario.cl|em]].""")

en(34, """[voice memo, transcribed by an app — errors left in]
okay so today [[Lu\u200bcho|iv]] took us out on the boat, me and [[Shiv|nk]] and [[Toby|ty]], and [[Consuela|ty]] was waiting at the dock with a thermos of tea and a bag of {{Lux|op}} soap for some reason, I have to ask her why. [[Whitfeld|ty]] says we can't go out again without a life jacket so. yeah.""")

en(35, """From: [[Siobhan O'Neill|fn]] <[[siobhan.oneill@andesbridge.org|em]]>
To: [[Rocío Alba Quiroga|fn]] <[[rocio.alba.q@gmail.com|em]]>
Subject: photos from the {{peña|sw}}
Hiya, here's the link: drive.google.com/drive/folders/[[Shiv_ONeill|gl]]_fotos — please don't share the ones with [[Pi\u200blar|iv]]'s kids, she said no. The rest are grand. Also [[Amparo's|inf]] granddaughter wants copies, can you ask [[Consuelo|gn]] for her number?""")

es(38, """Memo interno ([[Fundación Puente Solidario|org]]), 22/01/24
Para: [[Ruiz|sn]] (terreno) · CC: [[Alba|sn]] (equipo de investigación)
1. La señora [[Vidal|sn]] firmó el pagaré del préstamo; el original queda en la oficina, no en la sede.
2. Recordar a las voluntarias que la Srta. [[Whitfield|sn]] pide los formularios antes del 31.
3. El comedor de la señora [[Sepúlveda|sn]] atiende solo hasta las 14:00 mientras no vuelva la {{luz|gw}} al cerro.
[[P. Rosas H.|in]]""")

en(36, """Volunteer evaluation form — completed by host organisation
Volunteer: [[Greene, H.|in]]
Host supervisor: [[Flores|sn]] (secretary, [[Manos del Mar|org]])
Comments (translated by [[Rocío|gn]]): "[[Hannah|gn]] is very responsible. She only needs to learn the difference between luga and sea lettuce, haha."
Signed: [[C. A. Flores O.|in]] / countersigned: Ms [[Whitfield|sn]]""")


def convert(t):
    t = re.sub(r"\[\[([^\[\]|]+?)\|(\w+)\]\]", lambda m: "\u27e6%s|%s\u27e7" % (m.group(1), M[m.group(2)]), t, flags=re.S)
    t = re.sub(r"\{\{([^{}|]+?)\|(\w+)\}\}", lambda m: "\u27ea%s|%s\u27eb" % (m.group(1), T[m.group(2)]), t, flags=re.S)
    assert "[[" not in t and "{{" not in t and "]]" not in t and "}}" not in t, t
    return t

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "passages.jsonl")
P.sort(key=lambda x: (x[1] != "es", x[0]))
ids = [i for i, _, _ in P]
assert len(ids) == len(set(ids))
with open(out, "w", encoding="utf-8") as f:
    for i, lang, t in P:
        line = json.dumps({"id": i, "lang": lang, "text": convert(t)}, ensure_ascii=False)
        for ch in ("\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"):
            line = line.replace(ch, "\\u%04x" % ord(ch))   # keep invisibles as visible JSON escapes
        f.write(line + "\n")
print("wrote", len(P), "passages to", out)
