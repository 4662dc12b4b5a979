// Semantic Segment the current image with VisionJ: the class of every pixel, and the area of each class.
//
// Open an image, then run this macro. It works in the Fiji window and headless; headless, set
// `output` to a folder (results can only be written to files there).
//
// * VisionJ acts on the CURRENT image (no image key in the option string): select it first.
// * Keys are the command's parameter names; unknown keys are ignored silently. Give every key:
//   in the Fiji user interface a key left out may bring up the command's dialog.
// * A failure aborts the macro with the message "VisionJ: ...".

model = "nuclei-semantic";  // a bundled model id, or the path of a bioimage.io model folder or .zip
output = "";                // "" = show the results; or a folder: <name>_classes.tif, _rois.zip, _results.csv
probabilities = "true";     // also output the probability maps (<name>_probabilities); "true" or "false"
                            // (a string: the macro language would turn the boolean true into "1")

if (nImages == 0) exit("Open an image first.");
input = getImageID();
title = getTitle();
getPixelSize(unit, pw, ph);
imageArea = getWidth() * getHeight() * pw * ph;

selectImage(input);
run("Semantic Segment", "model=[" + model + "] output=[" + output + "] overwrite=false tile_size=0"
	+ " threshold=0 probabilities=" + probabilities + " augment=false");
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
