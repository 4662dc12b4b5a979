// Classify the current image with VisionJ: the most probable class of the image (or of every
// Z/T plane) and the probability of each class, in the Results table.
//
// In Fiji:   open an image, then Plugins > Macros > Run... and choose this file (or open it in
//            the script editor and press Run).
// Headless:  ImageJ --headless -macro /full/path/classify.ijm "image=/data/a.tif,output=/data/out"
//            (ImageJ is Fiji's launcher, e.g. ImageJ-linux64 or ImageJ-win64.exe)
// Arguments, all optional in Fiji:
//   image=<file>        the image to open (default: the current image)
//   model=<id or path>  default image-modality (fluorescence / brightfield / histology)
//   mode=image|plane    the image as a whole, or every Z/T plane (default image)
//   top_k=<k>           also list the 2nd .. k-th class (default 2)
//   output=<folder>     also write <name>_results.csv there (required headless)
//
// * VisionJ acts on the CURRENT image (no image key in the option string).
// * Every key is given, so the line replays without a dialog; unknown keys are ignored silently.
// * A failure stops the macro at the run(...) line with the message "VisionJ: ...".
// * mode=rois classifies every ROI instead: see detect_and_classify_rois.ijm.

image = argument("image", "");
model = argument("model", "image-modality");
mode = argument("mode", "image");
topK = argument("top_k", "2");
output = argument("output", "");

if (image != "") open(image);
if (nImages == 0) exit("Open an image first, or give image=<file> as argument.");
title = getTitle();

run("Classify", "model=[" + model + "] output=[" + output + "] overwrite=true tile_size=0"
	+ " mode=" + mode + " rois=[] top_k=" + topK
	+ " weights=auto strict_check=false extra_inputs=[]");
// Results table: one row per image or plane: Source, Class, Probability, one column per class
// with its probability, and with top_k=2 or more Class 2, Probability 2, ...
for (i = 0; i < nResults; i++) {
	line = getResultString("Source", i) + ": " + getResultString("Class", i) + " ("
		+ d2s(getResult("Probability", i), 3) + ")";
	if (parseInt(topK) > 1) line = line + ", then " + getResultString("Class 2", i) + " ("
		+ d2s(getResult("Probability 2", i), 3) + ")";
	print(line);
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
