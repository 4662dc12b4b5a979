// Semantic Segment the current image with VisionJ: the class of every pixel, and the area of each class.
//
// In Fiji:   open an image, then Plugins > Macros > Run... and choose this file (or open it in
//            the script editor and press Run).
// Headless:  ImageJ --headless -macro /full/path/semantic_segment.ijm "image=/data/a.tif,output=/data/out"
//            (ImageJ is Fiji's launcher, e.g. ImageJ-linux64 or ImageJ-win64.exe)
// Arguments, all optional in Fiji:
//   image=<file>           the image to open (default: the current image)
//   model=<id or path>     default nuclei-semantic
//   output=<folder>        write <name>_classes.tif, _probabilities.tif, _rois.zip, _results.csv
//                          there instead of showing them (required headless)
//   probabilities=false    leave out the probability maps
//
// * VisionJ acts on the CURRENT image (no image key in the option string): select it first.
// * Keys are the command's parameter names; unknown keys are ignored silently. Give every key:
//   in the Fiji user interface a key left out may bring up the command's dialog.
// * A failure aborts the macro with the message "VisionJ: ...".

model = argument("model", "nuclei-semantic");   // a bundled model id, or the path of a bioimage.io model folder or .zip
output = argument("output", "");                 // "" = show the results
probabilities = argument("probabilities", "true"); // also output the probability maps (<name>_probabilities)
                            // (a string: the macro language would turn the boolean true into "1")
image = argument("image", "");

if (image != "") open(image);
if (nImages == 0) exit("Open an image first, or give image=<file> as argument.");
input = getImageID();
title = getTitle();
getPixelSize(unit, pw, ph);
imageArea = getWidth() * getHeight() * pw * ph;

selectImage(input);
run("Semantic Segment", "model=[" + model + "] output=[" + output + "] overwrite=true tile_size=0"
	+ " threshold=0 probabilities=" + probabilities + " augment=false block_size=0 raw_maps=false weights=auto strict_check=false extra_inputs=[]");
// threshold=0 uses the model's default; it only matters for models with one output channel
// (a foreground probability). Models with several channels take the most probable class.

// Windows: <name>_classes (0 = background, k = class k) and, with probabilities=true,
// <name>_probabilities (32-bit, one channel per output channel of the model).
// ROI Manager (no output folder): one ROI per class and plane, named after the class.
// Results table: one row per class (background excluded) and plane, also for classes absent
// from a plane: Class (index), Name, Area (calibrated), Z, T.
for (i = 0; i < nResults; i++) {
	name = getResultString("Name", i);
	area = getResult("Area", i);
	z = getResult("Z", i);
	t = getResult("T", i);
	print(title + " z=" + z + " t=" + t + ": " + name + " covers " + d2s(area, 1) + " " + unit + "^2 ("
		+ d2s(100 * area / imageArea, 1) + "% of the plane)");
}
selectImage(input);

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
