package io.github.visionj.output;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.github.visionj.VisionJException;
import io.github.visionj.image.PlaneRegion;

/** ROIs as regions to classify: where they come from, which plane of the image each lies on, and their names after classification. */
public final class RoiRegions {

	private RoiRegions() {}

	/**
	 * The ROIs of a ROI set file, or without one those of the ROI Manager (null: there is none,
	 * as when headless). ROIs without a name are named {@code roi-0001}, … by their place.
	 */
	public static List<Roi> read(Path set, RoiManager manager) {
		List<Roi> found;
		String from;
		if (set != null) {
			found = RoiSets.read(set);
			from = "The ROI set " + set;
		}
		else {
			if (manager == null) throw new VisionJException("Mode 'rois' needs ROIs: give a RoiSet.zip (rois=…) or add ROIs to the ROI Manager.");
			found = List.of(manager.getRoisAsArray());
			from = "The ROI Manager";
		}
		if (found.isEmpty()) throw new VisionJException(from + " holds no ROIs; add ROIs or choose another mode.");
		for (int i = 0; i < found.size(); i++)
			if (found.get(i).getName() == null) found.get(i).setName(String.format("roi-%04d", i + 1));
		return found;
	}

	/**
	 * The ROI's bounds on its plane of {@code image}: the plane it is tied to (a hyperstack
	 * position, or a stack index), else the image's current plane.
	 */
	public static PlaneRegion of(Roi roi, ImagePlus image) {
		Rectangle b = roi.getBounds();
		int[] czt = roi.hasHyperStackPosition() ? new int[] { 0, roi.getZPosition(), roi.getTPosition() }
			: roi.getPosition() > 0 ? image.convertIndexToPosition(roi.getPosition())
			: new int[] { 0, image.getZ(), image.getT() };
		return new PlaneRegion(roi.getName(), Math.max(1, czt[1]) - 1, Math.max(1, czt[2]) - 1, b.x, b.y, b.width, b.height);
	}

	/** Each ROI's name gains its class: {@code cell-1 [mitotic]}, also in the ROI Manager when given (null: none). */
	public static void nameByClass(List<Roi> rois, List<ClassificationRow> rows, RoiManager manager) {
		for (int i = 0; i < rois.size(); i++) {
			String named = rois.get(i).getName() + " [" + rows.get(i).className() + "]";
			rois.get(i).setName(named);
			if (manager != null) manager.rename(i, named);
		}
	}
}
