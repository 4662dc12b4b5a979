package io.github.visionj.output;

import java.awt.GraphicsEnvironment;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

/**
 * Puts ROIs in ImageJ's ROI Manager. Only for commands run with a user interface: without one the
 * ROI Manager cannot exist (constructing it throws HeadlessException), so nothing is done.
 */
public final class RoiManagerPublisher {

	private RoiManagerPublisher() {}

	/**
	 * Adds the ROIs after those already in the ROI Manager, opening it if needed. ROI names are
	 * kept (the ROI Manager only makes repeated names unique).
	 *
	 * @param image the image the ROIs belong to
	 * @param replaceExisting whether to remove the user's ROIs first; off by default in commands,
	 *          since clearing the list breaks macros that process several images
	 */
	public static void add(ImagePlus image, List<Roi> rois, boolean replaceExisting) {
		if (GraphicsEnvironment.isHeadless()) return;
		RoiManager manager = RoiManager.getInstance();
		if (manager == null) manager = new RoiManager();
		if (replaceExisting) manager.reset();
		for (Roi roi : rois)
			manager.add(image, roi, -1); // as the particle analyzer does: no dependence on the active image
	}
}
