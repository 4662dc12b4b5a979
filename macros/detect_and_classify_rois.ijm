// Detect objects in the current image with VisionJ, then classify each detected box.
//
// In Fiji:   open an image, then Plugins > Macros > Run... and choose this file (or open it in
//            the script editor and press Run).
// Headless:  ImageJ --headless -macro /full/path/detect_and_classify_rois.ijm "image=/data/a.tif,output=/data/out"
//            (ImageJ is Fiji's launcher, e.g. ImageJ-linux64 or ImageJ-win64.exe)
// Arguments, all optional:
//   image=<file>               the image to open (default: the current image)
//   detector=<id or path>      default nuclei-detect
//   classifier=<id or path>    default image-modality
//   output=<folder>            default: the folder visionj-detect-classify in ImageJ's temp folder
//
// 1. Detect writes the boxes as <name>_rois.zip (rectangle ROIs named "<class> <score>") into
//    <output>/detect.
// 2. Classify with mode=rois reads that ROI set, classifies the content of each box (resized to
//    the classifier's input size) and writes <output>/classify/<name>_results.csv and
//    <name>_rois.zip, whose ROI names gain the class: "nucleus 0.87 [mitotic]".
// The two commands get separate folders because both write <name>_results.csv and <name>_rois.zip.
//
// * VisionJ acts on the CURRENT image (no image key in the option string): select it first.
// * Keys are the command's parameter names; unknown keys are ignored silently. Give every key:
//   in the Fiji user interface a key left out may bring up the command's dialog.
// * A failure aborts the macro with the message "VisionJ: ...".
// * Without output folders (Fiji window only) the same works through the ROI Manager:
//   Detect adds its boxes there, and Classify with mode=rois rois=[] classifies every ROI in the
//   ROI Manager and renames them. Run roiManager("reset") first so only this image's boxes are in it.

detector = argument("detector", "nuclei-detect");     // a detection model (or an instance segmentation model: its objects' boxes)
classifier = argument("classifier", "image-modality"); // replace by a classifier trained on crops of your objects; the bundled
                               // image-modality model classifies whole images and only shows the mechanics
output = argument("output", getDirectory("temp") + "visionj-detect-classify");
if (!endsWith(output, "/") && !endsWith(output, "\\")) output = output + File.separator;
image = argument("image", "");

if (image != "") open(image);
if (nImages == 0) exit("Open an image first, or give image=<file> as argument.");
input = getImageID();
name = resultName(getTitle());
detectDir = output + "detect" + File.separator;
classifyDir = output + "classify" + File.separator;

selectImage(input);
run("Detect", "model=[" + detector + "] output=[" + detectDir + "] overwrite=true tile_size=0"
	+ " score=0 overlap=0 max_detections=0 boxes_as_labels=false weights=auto strict_check=false extra_inputs=[]");
// score=0, overlap=0 and max_detections=0 use the model's defaults.
// Results table: one row per box: Class, Score, X, Y (top-left corner), Width, Height (calibrated), Z, T.
print(getTitle() + ": " + nResults + " boxes");

roiSet = detectDir + name + "_rois.zip";
if (!File.exists(roiSet)) exit("Detect wrote no " + roiSet);

selectImage(input);    // the ROIs are classified on this image
run("Classify", "model=[" + classifier + "] output=[" + classifyDir + "] overwrite=true tile_size=0"
	+ " mode=rois rois=[" + roiSet + "] top_k=1 weights=auto strict_check=false extra_inputs=[]");
// Results table: one row per ROI: Source (the ROI name), Class, Probability, then one column per
// class with its probability (top_k=2 or more adds Class 2, Probability 2, ...).
for (i = 0; i < nResults; i++)
	print("  " + getResultString("Source", i) + " -> " + getResultString("Class", i)
		+ " (" + d2s(getResult("Probability", i), 3) + ")");
print("Results in " + output);

// The name VisionJ gives result files: the image title without its extension and without spaces
// (ImageJ's "short title"), characters not allowed in file names replaced by _.
function resultName(title) {
	dot = lastIndexOf(title, ".");
	if (dot > 0) title = substring(title, 0, dot);
	title = replace(title, " ", "");
	chars = newArray("\\", "/", ":", "*", "?", "\"", "<", ">", "|");
	for (i = 0; i < chars.length; i++)
		title = replace(title, chars[i], "_");
	return title;
}

// The value of key in the macro's argument "key=value,key=value" (headless: the text after the
// macro file; from another macro: runMacro(file, argument)), or fallback when the key is absent.
function argument(key, fallback) {
	pairs = split(getArgument(), ",");
	for (i = 0; i < pairs.length; i++) {
		pair = String.trim(pairs[i]);
		if (startsWith(pair, key + "=")) return substring(pair, lengthOf(key) + 1);
	}
	return fallback;
}
