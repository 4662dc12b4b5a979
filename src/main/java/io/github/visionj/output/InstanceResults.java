package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;
import io.github.visionj.pipeline.InstanceStack;

/**
 * Everything an instance segmentation of a whole image turns into: the label image, one named
 * ROI per object placed on its plane, and one measured row per object.
 */
public record InstanceResults(ImagePlus labels, List<Roi> rois, List<InstanceRow> rows) {

	/**
	 * The objects of one plane and the plane's place in the stack.
	 *
	 * @param z the slice, from 1
	 * @param t the frame, from 1
	 */
	public record PlaneObjects(int z, int t, Instances objects) {}

	/**
	 * @param planes one result per (z, t) plane of {@code input}, z fastest (ImageJ's stack order)
	 * @param objectName prefix of the ROI names: {@code nucleus-0042}, or {@code nucleus-0042-z3-t2} in stacks
	 * @param classNames the model's object classes, indexed by {@link Instance#classIndex()}
	 */
	public static InstanceResults of(ImagePlus input, List<PlaneObjects> planes, String objectName,
		List<String> classNames)
	{
		List<int[]> labelPlanes = new ArrayList<>(planes.size());
		List<Roi> rois = new ArrayList<>();
		List<InstanceRow> rows = new ArrayList<>();
		for (PlaneObjects placed : planes) {
			Instances plane = placed.objects();
			int z = placed.z(), t = placed.t();
			String suffix = planeSuffix(input, z, t);
			Map<Integer, Roi> byLabel = Rois.byLabel(plane.labels(), plane.width(), plane.height(),
				l -> Rois.objectName(objectName, l) + suffix);
			List<Roi> planeRois = new ArrayList<>(byLabel.values());
			Rois.place(planeRois, input, z, t);
			for (Instance object : plane.objects()) {
				Roi roi = byLabel.get(object.label());
				if (roi == null) continue; // a decoder may keep an object whose pixels all went to its neighbours
				rows.add(new InstanceRow(roi.getName(), classNames.get(object.classIndex()), object.score(),
					Measurements.measure(input, roi), z, t));
			}
			labelPlanes.add(plane.labels());
			rois.addAll(planeRois);
		}
		return new InstanceResults(ResultImages.labels(OutputFile.baseName(input.getTitle()) + "_labels", labelPlanes, input),
			rois, rows);
	}

	/** As {@link #of(ImagePlus, List, String, List)}, of the planes of a segmented stack. */
	public static InstanceResults of(ImagePlus input, InstanceStack stack, String objectName, List<String> classNames) {
		return of(input, stack.planes().stream().map(p -> new PlaneObjects(p.plane().z() + 1, p.plane().t() + 1,
			new Instances(p.labels(), p.width(), p.height(), p.present()))).toList(), objectName, classNames);
	}

	/** Writes the label image and the overlay of the first plane's objects to the folder, as {@code name}'s. */
	public void write(OutputFolder folder, String name, ImagePlus input) {
		folder.writeImage(name, OutputFile.LABELS, labels);
		folder.writeOverlay(name, OverlayImage.filled(input, 1, 1, rois.stream()
			.filter(r -> r.getPosition() <= 1 && r.getZPosition() <= 1 && r.getTPosition() <= 1).toList()));
	}

	/** What ROI names of plane (z, t) (from 1) end in: {@code -z3-t2} in a stack, nothing in a single plane. */
	static String planeSuffix(ImagePlus input, int z, int t) {
		return (input.getNSlices() > 1 ? "-z" + z : "") + (input.getNFrames() > 1 ? "-t" + t : "");
	}
}
