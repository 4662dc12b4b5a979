#!/usr/bin/env bash
# Compares the foreground decoder's watershed with ImageJ's own (Process › Binary › Watershed: EDM +
# MaximumFinder) on the same nuclei-broad probability maps of the DSB 2018 validation images that
# nuclei-broad can take (the one-channel fluorescence images), scored by VisionJ's evaluate task.
# Needs the built launcher (mvn -B -q package -DskipTests).
#
#   models/training/compare_watershed.sh <dsb2018 folder>
set -euo pipefail
data=${1:?give the DSB 2018 data folder (index.csv, val/images, val/labels)}
out=target/watershed
launcher="java -jar target/visionj.jar"
rm -rf "$out" && mkdir -p "$out/images" "$out/truth"
awk -F, 'NR > 1 && $2 == "val" && $3 == "fluorescence" {print $1}' "$data/index.csv" |
  while read -r id; do
    ln -s "$(realpath "$data/val/images/$id.png")" "$out/images/$id.png"
    ln -s "$(realpath "$data/val/labels/$id.tif")" "$out/truth/$id.tif"
  done
$launcher semantic --model nuclei-broad --probabilities --input "$out/images" --output "$out/maps" >/dev/null 2>&1
java -cp "target/visionj.jar:target/lib/*" models/training/CompareWatershed.java "$out/maps" "$out" 0.5 10
for split in foreground edm; do
  echo "== $split"
  $launcher evaluate --pred "$out/$split" --truth "$out/truth" --output "$out/$split"
done
