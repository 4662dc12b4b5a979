package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.VisionJException;
import io.github.visionj.decode.Detection;
import io.github.visionj.pipeline.PlaneResult;

/**
 * Everything a detection on a whole image turns into: one named rectangle ROI per box placed on
 * its plane (and those of the first plane, for the overlay), one row per box, and, when asked
 * for, a label image of the boxes.
 *
 * @param labels the boxes painted as labels, or null when not asked for
 */
public record DetectionResults(List<Roi> rois, List<Roi> firstPlaneRois, List<DetectionRow> rows, ImagePlus labels) {

	/**
	 * The boxes of one plane, best first, and the plane's place in the stack.
	 *
	 * @param z the slice, from 1
	 * @param t the frame, from 1
	 */
	public record PlaneBoxes(int z, int t, List<Detection> boxes) {

		/** The boxes of each plane the pipeline detected, placed by their plane. */
		public static List<PlaneBoxes> of(List<PlaneResult<List<Detection>>> planes) {
			return planes.stream().map(p -> new PlaneBoxes(p.plane().z() + 1, p.plane().t() + 1, p.result())).toList();
		}
	}

	/** The number of classes the boxes show: one more than the largest class index (at least 1). */
	public static int classes(List<PlaneBoxes> planes) {
		return 1 + planes.stream().flatMap(p -> p.boxes().stream()).mapToInt(Detection::classIndex).max().orElse(0);
	}

	/**
	 * @param planes one result per (z, t) plane of {@code input}, z fastest (ImageJ's stack order)
	 * @param classNames the model's classes, indexed by {@link Detection#classIndex()}
	 * @param model the model's name, for the message when it finds a class it does not name
	 * @param labelsTitle the title of the label image of the boxes; null: none
	 */
	public static DetectionResults of(ImagePlus input, List<PlaneBoxes> planes, List<String> classNames, String model,
		String labelsTitle)
	{
		List<Roi> rois = new ArrayList<>();
		List<DetectionRow> rows = new ArrayList<>();
		List<int[]> labelPlanes = new ArrayList<>();
		for (PlaneBoxes p : planes) {
			List<Roi> planeRois = new ArrayList<>();
			for (Detection d : p.boxes()) {
				if (d.classIndex() >= classNames.size()) throw new VisionJException("Model '" + model + "' found class " +
					d.classIndex() + " but names " + classNames.size() + " class(es) in config.visionj.classes; name every class the model outputs.");
				String className = classNames.get(d.classIndex());
				planeRois.add(Rois.ofBox(d, className));
				rows.add(DetectionRow.of(d, className, input.getCalibration(), p.z(), p.t()));
			}
			Rois.place(planeRois, input, p.z(), p.t());
			if (labelsTitle != null) labelPlanes.add(boxLabels(p.boxes(), input.getWidth(), input.getHeight(), rois.size()));
			rois.addAll(planeRois);
		}
		return new DetectionResults(rois, rois.subList(0, planes.get(0).boxes().size()), rows,
			labelsTitle == null ? null : ResultImages.labels(labelsTitle, labelPlanes, input));
	}

	/** Writes the label image of the boxes (when made) and the overlay of the first plane's boxes to the folder, as {@code name}'s. */
	public void write(OutputFolder folder, String name, ImagePlus input) {
		if (labels != null) folder.writeImage(name, OutputFile.LABELS, labels);
		folder.writeOverlay(name, OverlayImage.boxes(input, 1, 1, firstPlaneRois));
	}

	/**
	 * Boxes painted as labels {@code first + 1 …} in order of increasing score, so better boxes
	 * stay on top; the offset keeps labels unique across the planes of a stack.
	 */
	static int[] boxLabels(List<Detection> boxes, int width, int height, int first) {
		int[] labels = new int[width * height];
		for (int i = boxes.size() - 1; i >= 0; i--) {
			Detection d = boxes.get(i);
			int x0 = (int) Math.floor(d.x()), y0 = (int) Math.floor(d.y());
			int x1 = (int) Math.ceil(d.x() + d.width()), y1 = (int) Math.ceil(d.y() + d.height());
			for (int y = Math.max(0, y0); y < Math.min(height, y1); y++)
				for (int x = Math.max(0, x0); x < Math.min(width, x1); x++)
					labels[y * width + x] = first + i + 1;
		}
		return labels;
	}
}
