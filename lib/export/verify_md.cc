// VERIFY.md: the auditor's guide, in Spanish and English, with the exact
// commands for this bundle. Every ```sh block runs as written, with /bin/sh,
// in the bundle directory, on a machine with only minisign, coreutils and
// python3 (the bundle tests run them, with sh and with bash). Both sections
// carry the same blocks. SHA256SUMS's signature is checked before
// `sha256sum -c` opens any path the list names (a forged list could name
// /dev/zero, or a file outside the bundle). Only names custodia made go into the
// commands (percent-encoded, shell-safe); no free text (reasons, actors) is
// copied here: it lives in custody/entries.jsonl.
#include "export/export_internal.h"

namespace custodia::export_internal {

namespace {

struct Words {
  const char* title;
  const char* intro;
  const char* key_title;
  const char* key_text;
  const char* sums_title;
  const char* sums_text;
  const char* extra_title;
  const char* extra_text;
  const char* sig_title;
  const char* sig_text;
  const char* clips_title;
  const char* clips_text;
  const char* sidecars_text;
  const char* manifests_title;
  const char* manifests_text;
  const char* keys_title;
  const char* keys_text;
  const char* statements_text;
  const char* checkpoint_title;
  const char* checkpoint_text;
  const char* proofs_title;
  const char* proofs_text;
  const char* limits_title;
  const char* limits_text;
  const char* custodia_title;
  const char* custodia_text;
  const char* custodia_cmd;  // shown, not run: the key path is the reader's
};

const Words kEs = {
    "Español",
    "Este directorio es un paquete de evidencia exportado por custodia. Cada paso de abajo se puede comprobar "
    "en cualquier computadora que tenga solo `minisign` (https://jedisct1.github.io/minisign/), `sha256sum` "
    "(coreutils) y `python3`. Abra una terminal, entre a este directorio (`cd`) y ejecute cada orden tal como "
    "está escrita, en este orden. Cada paso dice qué debe mostrar si todo está bien. Si una orden muestra otra "
    "cosa, un error, `FAIL` o `FALLO`, el paquete no pasó esa comprobación: no siga confiando en él sin "
    "averiguar por qué. minisign confirma cada firma correcta con `Signature and comment signature verified`, "
    "seguido del comentario de confianza (`Trusted comment`), que la misma firma protege.",
    "Paso 0. La clave de la estación",
    "Todas las firmas se comprueban con `station.pub`. El paquete no puede probar por sí mismo que esa clave "
    "es la de la estación: quien armó el paquete eligió ese archivo. Compare la segunda línea de `station.pub` "
    "(la clave misma) y su identificador (al final de la primera línea y en la tabla de arriba) con la clave "
    "pública que la Municipalidad publica (sitio web, acta impresa, correo firmado). Si obtuvo la clave por "
    "otra vía, úsela en lugar de `station.pub` en todas las órdenes (`-p /ruta/a/la/clave.pub`, o `-P "
    "<clave>`).",
    "Paso 2. Ningún archivo cambió",
    "Prueba que cada archivo de la lista tiene exactamente los bytes que tenía al exportarse: cada línea debe "
    "terminar en `OK` (en una computadora configurada en español: `La suma coincide`) y no debe aparecer "
    "ninguna línea `WARNING`. Junto con el paso 1, cubre todos los archivos del paquete, incluidos esta guía y "
    "`verify-proofs.py`.",
    "Paso 2b. No se añadió nada",
    "Prueba que no hay archivos fuera de la lista ni enlaces simbólicos: debe mostrar `OK`. Si muestra `FALLO "
    "/ FAILED`, debajo aparecen los archivos de más y los enlaces (un archivo que falta ya lo señaló el paso "
    "2).",
    "Paso 1. La lista de archivos está firmada por la estación",
    "`SHA256SUMS` lista cada archivo del paquete con su SHA-256. Esta orden prueba que la estación firmó esa "
    "lista (debe mostrar `Signature and comment signature verified`). Hágalo primero: mientras no pase, la "
    "lista y los nombres que contiene pueden haber sido escritos por cualquiera.",
    "Paso 3. Cada video es el que la estación recibió",
    "Cada clip lleva su propia firma, hecha cuando la estación lo copió de la cámara. El comentario de "
    "confianza (`Trusted comment`) que muestra minisign liga el SHA-256, el tamaño, el dispositivo, el agente, "
    "la hora de inicio y la hora de ingreso.",
    "Los archivos auxiliares de un clip (mismo nombre, otra extensión) no tienen firma propia: su SHA-256 y "
    "tamaño están en el manifiesto firmado del clip (campo `sidecars`) y en `SHA256SUMS`.",
    "Paso 4. Los manifiestos",
    "El manifiesto describe el clip tal como se registró al ingresarlo (cámara, agente, horas, análisis del "
    "video, archivos auxiliares). Su firma prueba que la estación lo escribió.",
    "Paso 4b. Claves anteriores de la estación",
    "Algunas firmas son de una clave anterior de la estación (antes de una rotación). La clave actual la "
    "avala:",
    "Y cada rotación quedó firmada por la clave reemplazada: si usted confía en una clave anterior publicada, "
    "estas órdenes lo llevan hasta la actual.",
    "Paso 5. El punto de control del registro de custodia",
    "`custody/checkpoint` es la raíz del registro de custodia (un árbol de Merkle, RFC 6962) justo después de "
    "registrar esta exportación. Su firma prueba que la estación la emitió; el comentario de confianza repite "
    "el tamaño y la raíz. (El archivo también lleva, en su última línea, una firma C2SP \"signed note\" hecha "
    "con la misma clave: `station-note.vkey` es su clave de verificación para cualquier biblioteca de \"signed "
    "notes\", por ejemplo golang.org/x/mod/sumdb/note de Go.)",
    "Paso 6. Las entradas de custodia están en ese registro",
    "`custody/entries.jsonl` son las entradas del registro sobre estos clips y atenciones (ingreso, enlaces, "
    "verificaciones, vistas, esta exportación con su motivo: la última línea). El script recalcula cada hoja y "
    "recorre cada prueba de inclusión hasta la raíz del paso 5: muestra una línea `OK` por entrada y termina "
    "con `All <n> entries are in the custody log whose root custody/checkpoint states.` Una línea `FAIL` es un "
    "problema. No comprueba firmas (Python no trae Ed25519): por eso el paso 5 es necesario.",
    "Lo que este paquete no prueba",
    "- Que la cámara grabó lo que ocurrió: prueba lo que la estación recibió, y que no cambió desde "
    "entonces.\n- La hora de la grabación viene del reloj de la cámara: es una afirmación de la cámara, no un "
    "hecho.\n- Que la clave de `station.pub` sea la de la estación (paso 0).\n- Que estas sean todas las "
    "entradas del registro: es una selección. Que el registro no fue reescrito después se comprueba comparando "
    "este punto de control con uno publicado por la Municipalidad (`custodia log proof --from <tamaño> --to "
    "<tamaño>` en la estación da la prueba de consistencia).",
    "Con custodia",
    "Quien tenga custodia puede comprobar todo lo anterior de una vez (sin bóveda); con `--pubkey` usa la "
    "clave obtenida por otra vía en lugar de `station.pub`:",
    "custodia bundle verify . --pubkey /ruta/a/la/clave.pub",
};

const Words kEn = {
    "English",
    "This directory is an evidence bundle exported by custodia. Every step below can be checked on any "
    "computer that has only `minisign` (https://jedisct1.github.io/minisign/), `sha256sum` (coreutils) and "
    "`python3`. Open a terminal, go into this directory (`cd`) and run each command exactly as written, in "
    "this order. Each step says what it prints when all is well. If a command prints anything else, an error, "
    "`FAIL` or `FAILED`, the bundle failed that check: do not rely on it until you know why. minisign confirms "
    "each good signature with `Signature and comment signature verified`, followed by the trusted comment, "
    "which the same signature protects.",
    "Step 0. The station key",
    "Every signature is checked with `station.pub`. The bundle cannot prove by itself that this is the "
    "station's key: whoever assembled the bundle chose that file. Compare the second line of `station.pub` "
    "(the key itself) and its key id (at the end of the first line, and in the table above) with the public "
    "key the municipality publishes (web site, printed record, signed mail). If you obtained the key another "
    "way, use it instead of `station.pub` in every command (`-p /path/to/key.pub`, or `-P <key>`).",
    "Step 2. No file was changed",
    "Proves that every file in the list has exactly the bytes it had when exported: every line must end in "
    "`OK` and no `WARNING` line may appear. With step 1 this covers every file of the bundle, this guide and "
    "`verify-proofs.py` included.",
    "Step 2b. Nothing was added",
    "Proves there are no files outside the list and no symbolic links: it must print `OK`. If it prints `FALLO "
    "/ FAILED`, the extra files and links follow (a missing file was already reported by step 2).",
    "Step 1. The file list is signed by the station",
    "`SHA256SUMS` lists every file of the bundle with its SHA-256. This command proves the station signed that "
    "list (it must print `Signature and comment signature verified`). Do it first: until it passes, the list "
    "and the file names in it may have been written by anyone.",
    "Step 3. Each video is the one the station received",
    "Each clip carries its own signature, made when the station copied it from the camera. The trusted comment "
    "minisign prints binds the SHA-256, size, device, officer, recording start and ingest time.",
    "A clip's sidecar files (same name, another extension) have no signature of their own: their SHA-256 and "
    "size are in the clip's signed manifest (field `sidecars`) and in `SHA256SUMS`.",
    "Step 4. The manifests",
    "The manifest describes the clip as it was recorded at ingest (camera, officer, times, media analysis, "
    "sidecars). Its signature proves the station wrote it.",
    "Step 4b. Earlier station keys",
    "Some signatures were made with an earlier station key (before a key rotation). The current key vouches "
    "for it:",
    "And each rotation was signed by the key it replaced: if you trust an earlier published key, these "
    "commands lead you to the current one.",
    "Step 5. The custody log checkpoint",
    "`custody/checkpoint` is the root of the custody log (a Merkle tree, RFC 6962) right after this export was "
    "logged. Its signature proves the station issued it; the trusted comment repeats its size and root. (The "
    "file also carries, on its last line, a C2SP signed-note signature by the same key: `station-note.vkey` is "
    "its verifier key for any signed-note library, e.g. Go's golang.org/x/mod/sumdb/note.)",
    "Step 6. The custody entries are in that log",
    "`custody/entries.jsonl` holds the log's entries about these clips and attentions (ingest, links, "
    "verifications, views, this export with its reason: the last line). The script recomputes each leaf and "
    "walks each inclusion proof up to the root of step 5: it prints one `OK` line per entry and ends with `All "
    "<n> entries are in the custody log whose root custody/checkpoint states.` A `FAIL` line is a problem. It "
    "checks no signatures (Python has no Ed25519): that is why step 5 is needed.",
    "What this bundle does not prove",
    "- That the camera recorded what happened: it proves what the station received, and that it has not "
    "changed since.\n- Recording times come from the camera's clock: a claim by the camera, not a fact.\n- "
    "That the key in `station.pub` is the station's (step 0).\n- That these are all the log's entries: it is a "
    "selection. That the log was not rewritten later is checked by comparing this checkpoint with one the "
    "municipality published (`custodia log proof --from <size> --to <size>` at the station gives the "
    "consistency proof).",
    "With custodia",
    "With custodia installed, all of the above is checked at once (no vault needed); `--pubkey` uses the key "
    "obtained out of band instead of `station.pub`:",
    "custodia bundle verify . --pubkey /path/to/station.pub",
};

std::string Block(const std::vector<std::string>& commands) {
  std::string out = "```sh\n";
  for (const auto& c : commands) out += c + "\n";
  return out + "```\n\n";
}

// Step 2b: every entry but directories (regular files, links, FIFOs…), other
// than SHA256SUMS and its signature, is exactly the list in SHA256SUMS, and
// none is a symbolic link; on failure it names the extra files and links.
// (`! -type d` and `-path ./…`: `-type f` would miss a planted FIFO, and
// `-name` a planted clips/SHA256SUMS.) One bilingual block for both sections.
std::vector<std::string> NothingAddedCommands() {
  const std::string files = "find . ! -type d ! -path ./SHA256SUMS ! -path ./SHA256SUMS.minisig | sed 's|^\\./||'";
  return {
      "if test -z \"$(find . -type l)\" &&",
      "  test \"$(" + files + " | LC_ALL=C sort)\" = \"$(cut -c67- SHA256SUMS)\"",
      "then echo OK",
      "else",
      "  echo \"FALLO / FAILED: no listados en SHA256SUMS, o enlaces / not in SHA256SUMS, or links:\"",
      "  find . -type l",
      "  " + files + " | grep -vxF \"$(cut -c67- SHA256SUMS)\"",
      "  false",
      "fi",
  };
}

std::vector<std::string> MinisignCommands(const std::vector<VerifyGuide::Signed>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    out.push_back("minisign -Vm " + f.path + (f.sig_file.empty() ? "" : " -x " + f.sig_file) + " -p " + f.key_file);
  }
  return out;
}

void Section(std::string& out, const Words& w, const VerifyGuide& g) {
  out += "## " + std::string(w.title) + "\n\n" + w.intro + "\n\n";
  out += "### " + std::string(w.key_title) + "\n\n" + w.key_text + "\n\n";
  out += Block({"cat station.pub"});
  out += "### " + std::string(w.sig_title) + "\n\n" + w.sig_text + "\n\n";
  out += Block({"minisign -Vm SHA256SUMS -p station.pub"});
  out += "### " + std::string(w.sums_title) + "\n\n" + w.sums_text + "\n\n";
  out += Block({"sha256sum -c SHA256SUMS"});
  out += "### " + std::string(w.extra_title) + "\n\n" + w.extra_text + "\n\n";
  out += Block(NothingAddedCommands());
  if (!g.clips.empty()) {
    out += "### " + std::string(w.clips_title) + "\n\n" + w.clips_text + "\n\n";
    out += Block(MinisignCommands(g.clips));
    if (!g.sidecars.empty()) out += std::string(w.sidecars_text) + "\n\n";
    out += "### " + std::string(w.manifests_title) + "\n\n" + w.manifests_text + "\n\n";
    out += Block(MinisignCommands(g.manifests));
  }
  if (!g.vouched_keys.empty()) {
    out += "### " + std::string(w.keys_title) + "\n\n" + w.keys_text + "\n\n";
    out += Block(MinisignCommands(g.vouched_keys));
    if (!g.statements.empty()) {
      out += std::string(w.statements_text) + "\n\n";
      out += Block(MinisignCommands(g.statements));
    }
  }
  out += "### " + std::string(w.checkpoint_title) + "\n\n" + w.checkpoint_text + "\n\n";
  out += Block({"minisign -Vm custody/checkpoint -p station.pub"});
  out += "### " + std::string(w.proofs_title) + "\n\n" + w.proofs_text + "\n\n";
  out += Block({"python3 verify-proofs.py"});
  out += "### " + std::string(w.limits_title) + "\n\n" + w.limits_text + "\n\n";
  out += "### " + std::string(w.custodia_title) + "\n\n" + w.custodia_text + "\n\n";
  out += "```text\n" + std::string(w.custodia_cmd) + "\n```\n\n";
}

}  // namespace

std::string VerifyMarkdown(const VerifyGuide& g) {
  std::string out = "# Verificación de este paquete de evidencia / Verifying this evidence bundle\n\n";
  out += "| | |\n| --- | --- |\n";
  out += "| estación / station | `" + g.station + "` (log `" + g.origin + "`) |\n";
  out += "| clave / key id | `" + g.station_key_id + "` |\n";
  out += "| exportado / exported | " + g.exported_at + " |\n";
  out += "| entrada de custodia / custody entry | seq " + std::to_string(g.export_seq) + " (checkpoint size " +
         std::to_string(g.tree_size) + ") |\n";
  if (g.attention) out += "| atención / attention | `" + *g.attention + "` |\n";
  out += "| clips | " + std::to_string(g.clips.size()) + " |\n";
  out += "| atenciones / attentions | " + std::to_string(g.attentions.size()) + " |\n\n";
  out += "English: see [below](#english).\n\n";
  Section(out, kEs, g);
  Section(out, kEn, g);
  return out;
}

}  // namespace custodia::export_internal
