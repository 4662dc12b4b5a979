// Score predicted label images against ground-truth label images with VisionJ's Evaluate.
//
// In Fiji:   Plugins > Macros > Run... and choose this file; it asks for the folders.
// Headless:  ImageJ --headless -macro /full/path/evaluate.ijm "pred=/data/out,truth=/data/truth,output=/data/eval"
//            (ImageJ is Fiji's launcher, e.g. ImageJ-linux64 or ImageJ-win64.exe)
//
// pred  = a folder of predictions, e.g. the output folder of Instance Segment (<name>_labels.tif)
// truth = a folder of ground-truth label images (0 = background, one positive value per object),
//         named like the input images: a.tif is the truth of a_labels.tif (or of a.tif).
// Objects are matched one to one by IoU; the Results table has one row per IoU threshold
// 0.5, 0.55, ..., 0.9 with TP, FP, FN, Precision, Recall, F1, AP (= TP / (TP + FP + FN), as
// StarDist reports it), Mean matched IoU and PQ, over all images. output/evaluation.csv has the
// same per image and for "all".
//
// * A failure (folders without matching names, images of different sizes, ...) aborts the macro
//   with the message "VisionJ: ...".
// * Keys are the command's parameter names; unknown keys are ignored silently. Give every key.

pred = "";
truth = "";
output = "";
boxes = "false";   // "true": match boxes (Detect's <name>_rois.zip) with the boxes of the true labels

args = getArgument();
if (args != "") {
	pairs = split(args, ",");
	for (i = 0; i < pairs.length; i++) {
		eq = indexOf(pairs[i], "=");
		if (eq < 0) exit("Argument '" + pairs[i] + "' is not key=value.");
		key = String.trim(substring(pairs[i], 0, eq));
		value = String.trim(substring(pairs[i], eq + 1));
		if (key == "pred") pred = value;
		else if (key == "truth") truth = value;
		else if (key == "output") output = value;
		else if (key == "boxes") boxes = value;
		else exit("Unknown argument '" + key + "'; use pred, truth, output, boxes.");
	}
}
if (pred == "") pred = getDirectory("Folder of predictions (e.g. Instance Segment's output folder)");
if (truth == "") truth = getDirectory("Folder of ground-truth label images");
if (output == "") output = getDirectory("Folder for evaluation.csv");
if (!endsWith(pred, "/") && !endsWith(pred, "\\")) pred = pred + File.separator;
if (!endsWith(output, "/") && !endsWith(output, "\\")) output = output + File.separator;

// Evaluate pairs files by name: the truth a.tif goes with the prediction a_labels.tif (or a.tif),
// or with boxes=true with a_rois.zip, so Instance Segment's or Detect's output folder is given as it is.
File.makeDirectory(output);
run("Evaluate", "pred=[" + pred + "] truth=[" + truth + "] boxes=" + boxes
	+ " output=[" + output + "] overwrite=true");

print("Evaluation of " + pred + " against " + truth + ":");
print("IoU    TP    FP    FN   precision  recall   F1     AP     PQ");
for (i = 0; i < nResults; i++)
	print(d2s(getResult("IoU threshold", i), 2) + "  " + getResult("TP", i) + "  " + getResult("FP", i) + "  "
		+ getResult("FN", i) + "   " + d2s(getResult("Precision", i), 3) + "    " + d2s(getResult("Recall", i), 3)
		+ "  " + d2s(getResult("F1", i), 3) + "  " + d2s(getResult("AP", i), 3) + "  " + d2s(getResult("PQ", i), 3));
print("Per image: " + output + "evaluation.csv");
