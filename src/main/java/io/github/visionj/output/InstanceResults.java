package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.Instances;

/**
 * Everything an instance segmentation of a whole image turns into: the label image, one named
 * ROI per object placed on its plane, and one measured row per object.
 */
public record InstanceResults(ImagePlus labels, List<Roi> rois, List<InstanceRow> rows) {

	/**
	 * @param planes one result per (z, t) plane of {@code input}, z fastest (ImageJ's stack order)
	 * @param objectName prefix of the ROI names: {@code nucleus-0042}, or {@code nucleus-0042-z3-t2} in stacks
	 * @param classNames the model's object classes, indexed by {@link Instance#classIndex()}
	 */
	public static InstanceResults of(ImagePlus input, List<Instances> planes, String objectName,
		List<String> classNames)
	{
		int slices = input.getNSlices();
		List<int[]> labelPlanes = new ArrayList<>(planes.size());
		List<Roi> rois = new ArrayList<>();
		List<InstanceRow> rows = new ArrayList<>();
		for (int p = 0; p < planes.size(); p++) {
			Instances plane = planes.get(p);
			int z = p % slices + 1, t = p / slices + 1;
			String suffix = (slices > 1 ? "-z" + z : "") + (input.getNFrames() > 1 ? "-t" + t : "");
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
		return new InstanceResults(ResultImages.labels(input.getShortTitle() + "_labels", labelPlanes, input), rois,
			rows);
	}
}
