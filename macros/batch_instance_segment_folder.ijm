// Instance Segment every image of a folder with VisionJ; results are written to an output folder.
//
// In Fiji:   Plugins > Macros > Run... and choose this file; it asks for the input and output folders.
// Headless:  ImageJ --headless -macro /full/path/batch_instance_segment_folder.ijm "input=/data/in,output=/data/out"
//            (optional: model=<id or path>, overwrite=true). ImageJ is Fiji's launcher,
//            e.g. ImageJ-linux64 or ImageJ-win64.exe.
//
// For each image <name>.<ext> the output folder receives
//   <name>_labels.tif   label image (0 = background, objects 1..N)
//   <name>_rois.zip     one ROI per object (open it with the ROI Manager)
//   <name>_results.csv  one row of measurements per object
//   <name>_overlay.png  the objects drawn over the (first plane of the) image
// <name> is the image title without its extension and without spaces.
//
// Notes:
// * VisionJ acts on the current image: each image is opened, so it is the current one.
// * Running headless, the output folder is required (there is no window to show results in).
// * Existing result files are not replaced unless overwrite=true; VisionJ checks this before it
//   starts on an image.
// * A failure (unreadable model, image too small, file exists, ...) aborts the macro with the
//   message "VisionJ: ...". To skip failing images and go on, use the launcher instead:
//   java -jar visionj.jar instance --model nuclei --input /data/in --output /data/out

input = "";
output = "";
model = "nuclei";
overwrite = "false";

// Arguments: "key=value,key=value" (headless -macro ... "<argument>", or runMacro(path, argument)).
args = getArgument();
if (args != "") {
	pairs = split(args, ",");
	for (i = 0; i < pairs.length; i++) {
		eq = indexOf(pairs[i], "=");
		if (eq < 0) exit("Argument '" + pairs[i] + "' is not key=value.");
		key = String.trim(substring(pairs[i], 0, eq));
		value = String.trim(substring(pairs[i], eq + 1));
		if (key == "input") input = value;
		else if (key == "output") output = value;
		else if (key == "model") model = value;
		else if (key == "overwrite") overwrite = value;
		else exit("Unknown argument '" + key + "'; use input, output, model, overwrite.");
	}
}
if (input == "") input = getDirectory("Folder of images to segment");
if (output == "") output = getDirectory("Folder for the results");
if (!endsWith(input, "/") && !endsWith(input, "\\")) input = input + File.separator;
if (!File.isDirectory(input)) exit("The input folder " + input + " does not exist.");

setBatchMode(true);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (!isImage(name) || isResult(name)) continue;
	open(input + name);
	run("Instance Segment", "model=[" + model + "] output=[" + output + "] overwrite=" + overwrite
		+ " tile_size=0 probability=0 overlap=0 min_size=-1 link_z=false link_iou=0.5 augment=false block_size=0 raw_maps=false"
		+ " weights=auto strict_check=false extra_inputs=[]");
	// The Results table holds this image's objects (one row per object and plane).
	print(name + ": " + nResults + " objects");
	close("*");   // the input and the label image
	done++;
}
setBatchMode(false);
print("Segmented " + done + " image(s); results in " + output);

function isImage(file) {
	f = toLowerCase(file);
	// (the parentheses matter: without them the macro language returns only the first term)
	return (endsWith(f, ".tif") || endsWith(f, ".tiff") || endsWith(f, ".png") || endsWith(f, ".jpg")
		|| endsWith(f, ".jpeg") || endsWith(f, ".bmp") || endsWith(f, ".gif"));
}

// Result files of an earlier run (when input and output are the same folder) are not inputs.
function isResult(file) {
	return (endsWith(file, "_labels.tif") || endsWith(file, "_classes.tif") || endsWith(file, "_probabilities.tif")
		|| endsWith(file, "_overlay.png"));
}
