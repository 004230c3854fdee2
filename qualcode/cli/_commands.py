"""The command table: every command and group of ``qualcode``, in help order.

Each line is ``"name": ("module:attribute", "one-line summary")``. The name is
the words typed after ``qualcode`` (``"survey tally"`` is a command of the
``survey`` group); the target is the command function, or the ``typer.Typer``
of a group; the summary is the first paragraph of the command's docstring
(group: its ``help=``), shown by ``qualcode --help`` without importing the
command. ``tests/cli/test_commands.py`` fails when a summary and its docstring
differ, or when a target does not exist.

This module imports nothing: it is read on every start.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("qualcode.cli.init:init", "Create a new project: settings, codebooks, fieldnotes, codings, memos."),
    "import": ("qualcode.cli.import_:import_command", "Import files as documents (UTF-8/16, cp1252 and latin-1 text; Word; WebVTT and SRT)."),
    "pseudonymise": ("qualcode.cli.pseudonymise:pseudonymise_command", "Replace every registered name, alias and variant, and e-mails, phones and RUTs."),
    "scan": ("qualcode.cli.scan:scan_command", "Find registered names or variants left, e-mails, phones and RUTs, and likely unregistered names."),
    "code": ("qualcode.cli.code:code", "Code a passage: lines, paragraphs, character offsets or a quote."),
    "uncode": ("qualcode.cli.code:uncode", "Remove codes from a passage: every segment of those codes inside the selection."),
    "tag": ("qualcode.cli.tag:tag", "Code a document paragraph by paragraph, typing codes at a prompt."),
    "autocode": ("qualcode.cli.autocode:app", "Suggest codes where keywords or patterns occur; accept suggestions as your codings."),
    "autocode suggest": ("qualcode.cli.autocode:autocode", "Suggest segments where codes' keywords or a pattern occur; --apply or --review writes them."),
    "autocode accept": ("qualcode.cli.autocode:accept_command", "Accept stored machine suggestions as your own coding, one by one or all with --yes."),
    "check": ("qualcode.cli.check:check", "Check documents, codebook and codings: stale or moved segments, unknown codes, bad files."),
    "tally": ("qualcode.cli.tally:tally_command", "Count segments, documents and participants per code, parents including their descendants."),
    "quotes": ("qualcode.cli.quotes:quotes_command", "Retrieve every passage coded with CODE (or a descendant), with a citation."),
    "cooccur": ("qualcode.cli.cooccur:cooccur_command", "Count how often codes occur together in a segment, paragraph or document."),
    "matrix": ("qualcode.cli.matrix:matrix_command", "Cross codes with documents, participants or an attribute's values."),
    "grep": ("qualcode.cli.grep:grep_command", "Find a word in every document, with context, line numbers and the codes on that line."),
    "words": ("qualcode.cli.words:words_command", "Count the most frequent words, ignoring case and accents, without stopwords."),
    "report": ("qualcode.cli.report:report_command", "Write one HTML page to share: codebook, code frequency, charts, surveys, quotes, agreement."),
    "demo": ("qualcode.cli.demo:demo", "Build the Santiago example project and show what qualcode does with it."),
    "agreement": ("qualcode.cli.agreement:agreement_command", "Measure intercoder agreement per code: percent agreement, Cohen's kappa, Krippendorff's alpha."),
    "merge-driver": ("qualcode.cli.git:merge_driver", "Merge two edits of one coding file segment by segment (git runs this; see 'git setup')."),
    "import-refi": ("qualcode.cli.import_refi:import_refi_command", "Import a REFI-QDA project: documents, codebook, codings per coder, attributes, cases, memos."),
    "import-project": ("qualcode.cli.import_project:import_project_command", "Import another tool's project or export; its kind is recognised from the content."),
    "notes": ("qualcode.cli.notes:app", "List, show and write documents (interviews, meetings, field notes)."),
    "notes list": ("qualcode.cli.notes:list_command", "List documents with their metadata."),
    "notes show": ("qualcode.cli.notes:show_command", "Show a document's text with line numbers (and, with --codes, its codes)."),
    "notes new": ("qualcode.cli.notes:new_command", "Write a new note: from --body-file, or in $EDITOR on a template."),
    "people": ("qualcode.cli.people:app", "Keep the private key of people: real names, aliases and pseudonyms."),
    "people add": ("qualcode.cli.people:add", "Register a person (or organisation) and their pseudonym."),
    "people list": ("qualcode.cli.people:list_people", "List the people in the key: pseudonyms only, unless --reveal."),
    "people remove": ("qualcode.cli.people:remove", "Remove a person or organisation from the key."),
    "people keep": ("qualcode.cli.people:keep", "Add words or phrases to the allow-list (never replaced, e.g. a place name)."),
    "people lock": ("qualcode.cli.people:lock", "Encrypt the key with a passphrase (scrypt + AES-256-GCM) and remove the plaintext."),
    "people unlock": ("qualcode.cli.people:unlock", "Decrypt a locked key back to plaintext (mode 600)."),
    "codebook": ("qualcode.cli.codebook:app", "Show, edit, check and exchange the codebook (codes, definitions, keywords)."),
    "codebook show": ("qualcode.cli.codebook:show_command", "Show the codebook as a tree with labels and short definitions."),
    "codebook add": ("qualcode.cli.codebook:add_command", "Add a code to the codebook."),
    "codebook rename": ("qualcode.cli.codebook:rename_command", "Rename a code; its descendants and every coding follow."),
    "codebook move": ("qualcode.cli.codebook:move_command", "Move a code under another parent; every coding follows."),
    "codebook merge": ("qualcode.cli.codebook:merge_command", "Merge one code into another: codings move, duplicates collapse, the source goes."),
    "codebook remove": ("qualcode.cli.codebook:remove_command", "Remove a code; refused while codings use it, unless --reassign or --force."),
    "codebook export": ("qualcode.cli.codebook:export_command", "Export the codebook, e.g. as a REFI-QDA .qdc for NVivo, ATLAS.ti, MAXQDA or QualCoder."),
    "codebook import": ("qualcode.cli.codebook:import_command", "Import a REFI-QDA codebook (or a CSV one, e.g. from Taguette) into codebooks/NAME.yaml."),
    "codebook check": ("qualcode.cli.codebook:check_command", "List codes used in codings but not defined (exit 1), and codes never used."),
    "survey": ("qualcode.cli.survey:app", "Import survey exports, code open answers, and tally answers as 'n of N (p%)'."),
    "survey import": ("qualcode.cli.survey.import_:import_command", "Import a survey export into fieldnotes/surveys/NAME/."),
    "survey retype": ("qualcode.cli.survey.retype:retype_command", "Change a question's type; survey.yaml records it as the user's choice (typed: user)."),
    "survey list": ("qualcode.cli.survey.list_:list_command", "List the project's surveys."),
    "survey tally": ("qualcode.cli.survey.tally:tally_command", "Tally answers as 'n of N (p%)'; N counts the respondents who answered."),
    "survey code": ("qualcode.cli.survey.code:code_command", "Code open answers one at a time, typing codes (fuzzy) separated by commas."),
    "survey autocode": ("qualcode.cli.survey.autocode:autocode_command", "Suggest codes for open answers from keywords and patterns; --apply or --review to keep them."),
    "survey cluster": ("qualcode.cli.survey.cluster:cluster_command", "Group near-identical answers (rapidfuzz token-set similarity) to code them together."),
    "coders": ("qualcode.cli.coders:app", "The project's coders: list them, add one, rename one across every file."),
    "coders list": ("qualcode.cli.coders:list_command", "List the coders: those in qualcode.yaml, then any others with codings."),
    "coders add": ("qualcode.cli.coders:add_command", "Add a coder to qualcode.yaml, so that commands accept their name."),
    "coders rename": ("qualcode.cli.coders:rename_command", "Rename a coder in qualcode.yaml, codings/, every survey's codings and memo authors, all or none."),
    "git": ("qualcode.cli.git:app", "Git for a team: install the merge driver that merges coding files segment by segment."),
    "git setup": ("qualcode.cli.git:setup_command", 'Install the merge driver: .gitattributes lines and a [merge "qualcode"] entry in .git/config.'),
    "export": ("qualcode.cli.export:app", "Export the project: REFI-QDA (.qdpx), segments as CSV, quotes as Markdown, document x code tables for R and SPSS."),
    "export refi": ("qualcode.cli.export:refi_command", "Export the whole project as a REFI-QDA archive for NVivo, ATLAS.ti, MAXQDA or QualCoder."),
    "export csv": ("qualcode.cli.export:csv_command", "Export every segment as CSV: document, kind, date, participants, attributes, code, text..."),
    "export md": ("qualcode.cli.export:md_command", "Export the coded quotes as a Markdown appendix, grouped by code with its definition."),
    "export r": ("qualcode.cli.export:r_command", 'Export a document x code table for R: read.csv("FILE", fileEncoding = "UTF-8").'),
    "export spss": ("qualcode.cli.export:spss_command", "Export a document x code table for SPSS (File > Import Data > CSV, or GET DATA /TYPE=TXT)."),
    "memo": ("qualcode.cli.memo:app", "Write, list, show and edit analytic memos about codes, documents and passages."),
    "memo add": ("qualcode.cli.memo:add_command", "Write a memo about a code, a document or a passage, in memos/ (pseudonymised)."),
    "memo list": ("qualcode.cli.memo:list_command", "List memos: the files in memos/ and the coding memos stored on segments."),
    "memo show": ("qualcode.cli.memo:show_command", "Show a memo: its title, what it is about, and its text."),
    "memo edit": ("qualcode.cli.memo:edit_command", "Edit a memo in $EDITOR (front matter and text), or set --title / --text."),
}  # fmt: skip
