#!/usr/bin/env bash
# Scores the bundled models on the DSB 2018 validation split with VisionJ itself: the launcher
# that users run, not the Python training code. Prints one summary per model and modality and
# leaves the CSVs under target/val/. Needs the built launcher (mvn -B -q package -DskipTests).
#
#   models/training/score_with_visionj.sh [--augment] <dsb2018 folder> [folder of model folders, e.g. a new export]
#
# --augment runs nuclei and nuclei-semantic averaged over mirror images (nuclei-detect's box
# list cannot be averaged, so it is scored as always).
set -euo pipefail
augment=()
if [ "${1:-}" = "--augment" ]; then augment=(--augment); shift; fi
data=${1:?give the DSB 2018 data folder (index.csv, val/images, val/labels)}
# bundled ids by default; with a second argument, the model folders inside it
model() { if [ -n "${2:-}" ]; then realpath "$2/$1"; else echo "$1"; fi; }
nuclei=$(model nuclei "${2:-}") detect=$(model nuclei-detect "${2:-}")
semantic=$(model nuclei-semantic "${2:-}") modality=$(model image-modality "${2:-}")
out=target/val
launcher="java -jar target/visionj.jar"
mkdir -p "$out"

# Folders of links, one per modality and one for all images, so each launcher run covers a set.
for set in fluorescence histology brightfield all; do
  rm -rf "$out/$set" && mkdir -p "$out/$set/images" "$out/$set/truth"
  awk -F, -v m="$set" 'NR > 1 && $2 == "val" && (m == "all" || $3 == m) {print $1}' "$data/index.csv" |
    while read -r id; do
      ln -s "$(realpath "$data/val/images/$id.png")" "$out/$set/images/$id.png"
      ln -s "$(realpath "$data/val/labels/$id.tif")" "$out/$set/truth/$id.tif"
    done
done

for set in fluorescence histology brightfield all; do
  echo "== nuclei (instance, AP by mask IoU), $set"
  $launcher instance "${augment[@]}" --model "$nuclei" --input "$out/$set/images" --output "$out/$set/instance" >/dev/null 2>&1
  $launcher evaluate --pred "$out/$set/instance" --truth "$out/$set/truth" --output "$out/$set/instance"
  echo "== nuclei-detect (detect, AP by box IoU), $set"
  $launcher detect --model "$detect" --input "$out/$set/images" --output "$out/$set/detect" >/dev/null 2>&1
  $launcher evaluate --boxes --pred "$out/$set/detect" --truth "$out/$set/truth" --output "$out/$set/detect"
done

echo "== nuclei-semantic (foreground IoU: nucleus or boundary vs. any true nucleus), all"
$launcher semantic "${augment[@]}" --model "$semantic" --input "$out/all/images" --output "$out/all/semantic" >/dev/null 2>&1
/usr/bin/python3 - "$out/all" <<'PY'
import sys, glob, os
import numpy as np, tifffile
root = sys.argv[1]
inter = union = 0
for truth in sorted(glob.glob(os.path.join(root, "truth", "*.tif"))):
    name = os.path.splitext(os.path.basename(truth))[0]
    t = tifffile.imread(truth) > 0
    p = tifffile.imread(os.path.join(root, "semantic", name + "_classes.tif")) > 0
    inter += np.logical_and(t, p).sum()
    union += np.logical_or(t, p).sum()
print("foreground IoU over %d images: %.4f" % (len(glob.glob(os.path.join(root, 'truth', '*.tif'))), inter / union))
PY

echo "== image-modality (classify), all"
$launcher classify --model "$modality" --input "$out/all/images" --output "$out/all/classify" >/dev/null 2>&1
/usr/bin/python3 - "$out/all" "$data/index.csv" <<'PY'
import sys, glob, os, csv
root, index = sys.argv[1], sys.argv[2]
truth = {r["id"]: r["modality"] for r in csv.DictReader(open(index)) if r["split"] == "val"}
classes = ["fluorescence", "brightfield", "histology"]
confusion = {(a, b): 0 for a in classes for b in classes}
for f in glob.glob(os.path.join(root, "classify", "*_results.csv")):
    name = os.path.basename(f)[: -len("_results.csv")]
    row = next(csv.DictReader(open(f)))
    confusion[(truth[name], row["Class"])] += 1
n = sum(confusion.values())
correct = sum(confusion[(c, c)] for c in classes)
print("accuracy %d/%d = %.4f" % (correct, n, correct / n))
print("true \\ predicted  " + "  ".join("%12s" % c for c in classes))
for a in classes:
    print("%16s  " % a + "  ".join("%12d" % confusion[(a, b)] for b in classes))
PY
