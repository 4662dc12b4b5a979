// Instance Segment the current image with VisionJ and count the nuclei.
//
// In Fiji:   open an image (e.g. your own fluorescence image), then Plugins > Macros > Run... and
//            choose this file (or open it in the script editor and press Run).
// Headless:  ImageJ --headless -macro /full/path/instance_segment_current_image.ijm "image=/data/a.tif,output=/data/out"
//            (ImageJ is Fiji's launcher, e.g. ImageJ-linux64 or ImageJ-win64.exe)
// Arguments, all optional in Fiji:
//   image=<file>        the image to open (default: the current image)
//   model=<id or path>  default nuclei
//   output=<folder>     write <name>_labels.tif, _rois.zip, _results.csv, _overlay.png there
//                       instead of showing them (required headless)
//
// * VisionJ's commands act on the CURRENT image, as ImageJ 1.x commands do: there is no image
//   key in the option string. Select the image first (selectImage / selectWindow).
// * The option keys are the command's parameter names (docs/usage.md lists them). Unknown keys
//   are ignored silently, so spell them exactly. Give every key: in the Fiji user interface a
//   key left out may bring up the command's dialog for it. Booleans are written key=true/false.
// * output=[] means "no output folder": the label image opens in a window, the ROIs go to the
//   ROI Manager and the measurements to the Results table. With a folder, existing result files
//   of the same image are replaced (overwrite=true).
// * If VisionJ fails (no image, wrong model, image too small, ...), the macro is aborted and
//   the reason is shown as "VisionJ: <message>"; nothing after the run(...) line is executed.

model = argument("model", "nuclei");   // a bundled model id, or the path of a bioimage.io model folder or .zip
output = argument("output", "");
image = argument("image", "");

if (image != "") open(image);
if (nImages == 0) exit("Open an image first, or give image=<file> as argument.");
input = getImageID();
title = getTitle();

// Without an output folder the ROIs go to the ROI Manager, which collects the ROIs of every run:
// start empty so it holds this image's nuclei only.
if (output == "") roiManager("reset");

selectImage(input);
run("Instance Segment", "model=[" + model + "] output=[" + output + "] overwrite=true tile_size=0"
	+ " probability=0 overlap=0 min_size=-1 link_z=false link_iou=0.5 augment=false block_size=0 raw_maps=false"
	+ " weights=auto strict_check=false extra_inputs=[]");
// probability=0, overlap=0 and min_size=-1 use the model's own defaults.

// The Results table now holds one row per object (per object and Z/T plane in a stack) with the
// columns Label, Class, Score, Area, X, Y, BX, BY, Width, Height, Mean, Min, Max, IntDen,
// RawIntDen, Perim., Circ., Z, T (calibrated units, as Analyze > Measure).
n = nResults;
totalArea = 0;
for (i = 0; i < n; i++)
	totalArea += getResult("Area", i);

selectImage(input);
getPixelSize(unit, pw, ph);
what = " nuclei";
if (nSlices > 1) what = " rows (one per nucleus and plane)";
print(title + ": " + n + what + ", mean area " + d2s(totalArea / maxOf(n, 1), 2) + " " + unit + "^2");

// The largest nucleus, by its ROI name (e.g. nucleus-0042).
if (n > 0) {
	largest = 0;
	for (i = 1; i < n; i++)
		if (getResult("Area", i) > getResult("Area", largest)) largest = i;
	print("  largest: " + getResultString("Label", largest) + " (" + d2s(getResult("Area", largest), 2) + " " + unit + "^2)");
}

// In a Z stack or time series each object has one row per plane it appears in. Labels are unique
// across the stack, so the number of objects is the largest label in the label image (shown
// without an output folder, in a window named <image name>_labels).
labelsTitle = "";
for (w = 1; w <= nImages; w++) {
	selectImage(w);
	if (endsWith(getTitle(), "_labels")) labelsTitle = getTitle();
}
if (labelsTitle != "") {
	selectWindow(labelsTitle);
	if (nSlices > 1) Stack.getStatistics(voxels, mean, min, max);
	else getStatistics(area, mean, min, max);
	print("  label image: " + max + " nuclei (in a stack, an object linked through Z with link_z=true counts once)");
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
