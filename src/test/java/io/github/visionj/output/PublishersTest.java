package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

class PublishersTest {

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
		assertTrue(GraphicsEnvironment.isHeadless());
	}

	@Test
	void headlessRoisAreNotPublishedAndNoRoiManagerIsMade() {
		assertFalse(RoiManagerPublisher.add(IJ.createImage("a", "8-bit black", 4, 4, 1), List.of(new Roi(0, 0, 2, 2)), true));
		assertNull(RoiManager.getInstance());
	}

	@Test
	void headlessTablesAreNotShown() {
		ResultsTable table = new ResultsTable();
		table.incrementCounter();
		table.addValue("Area", 1);
		assertFalse(ResultsPublisher.show(table, "Results"));
	}
}
