package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

class RoiManagerPublisherTest {

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
		assertTrue(GraphicsEnvironment.isHeadless());
	}

	/** Headless, a ROI Manager cannot be built (HeadlessException): the ROIs are skipped, nothing throws. */
	@Test
	void headlessRoisMakeNoRoiManager() {
		RoiManagerPublisher.add(IJ.createImage("a", "8-bit black", 4, 4, 1), List.of(new Roi(0, 0, 2, 2)), true);
		assertNull(RoiManager.getInstance());
	}
}
