package io.github.visionj.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.VirtualStack;
import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class ImagePlusBridgeTest {

	@Test
	void wraps8BitWithoutCopying() {
		ImagePlus imp = IJ.createImage("a", "8-bit black", 5, 4, 1);
		imp.getProcessor().set(3, 2, 200);
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertEquals(List.of(Axis.X, Axis.Y), image.axes());
		assertInstanceOf(UnsignedByteType.class, image.data().getType());
		assertEquals(200, valueAt(image, 3, 2));
		setAt(image, 17, 1, 1);
		assertEquals(17, imp.getProcessor().get(1, 1));
	}

	@Test
	void wraps16BitWithoutCopying() {
		ImagePlus imp = IJ.createImage("a", "16-bit black", 5, 4, 1);
		imp.getProcessor().set(4, 3, 60000);
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertInstanceOf(UnsignedShortType.class, image.data().getType());
		assertEquals(60000, valueAt(image, 4, 3));
		setAt(image, 40000, 0, 0);
		assertEquals(40000, imp.getProcessor().get(0, 0));
	}

	@Test
	void wraps32BitWithoutCopying() {
		ImagePlus imp = IJ.createImage("a", "32-bit black", 5, 4, 1);
		imp.getProcessor().putPixelValue(1, 2, -1.5);
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertInstanceOf(FloatType.class, image.data().getType());
		assertEquals(-1.5, valueAt(image, 1, 2));
		setAt(image, 2.25, 2, 3);
		assertEquals(2.25f, imp.getProcessor().getf(2, 3));
	}

	@Test
	void wrapsRgbAsThreeChannels() {
		ImagePlus imp = IJ.createImage("a", "RGB black", 5, 4, 1);
		imp.getProcessor().set(2, 1, 0x0a141e); // r 10, g 20, b 30
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertEquals(List.of(Axis.X, Axis.Y, Axis.C), image.axes());
		assertArrayEquals(new long[] { 5, 4, 3 }, image.data().dimensionsAsLongArray());
		assertEquals(10, valueAt(image, 2, 1, 0));
		assertEquals(20, valueAt(image, 2, 1, 1));
		assertEquals(30, valueAt(image, 2, 1, 2));
		setAt(image, 100, 2, 1, 1);
		assertEquals(0x0a641e, imp.getProcessor().get(2, 1) & 0xffffff);
	}

	@Test
	void hyperstackPositionsMatch() {
		ImagePlus imp = IJ.createImage("a", "16-bit black", 6, 5, 2, 3, 2);
		imp.getStack().getProcessor(imp.getStackIndex(2, 3, 1)).set(4, 1, 123);
		imp.getStack().getProcessor(imp.getStackIndex(1, 2, 2)).set(0, 4, 456);
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertEquals(List.of(Axis.X, Axis.Y, Axis.C, Axis.Z, Axis.T), image.axes());
		assertArrayEquals(new long[] { 6, 5, 2, 3, 2 }, image.data().dimensionsAsLongArray());
		assertEquals(123, valueAt(image, 4, 1, 1, 2, 0));
		assertEquals(456, valueAt(image, 0, 4, 0, 1, 1));
		assertEquals(0, valueAt(image, 4, 1, 0, 2, 0));
	}

	@Test
	void dropsSingletonAxes() {
		ImagePlus imp = IJ.createImage("a", "8-bit black", 6, 5, 1, 1, 4);
		imp.getStack().getProcessor(3).set(2, 2, 9);
		AxisImage<?> image = ImagePlusBridge.wrap(imp);

		assertEquals(List.of(Axis.X, Axis.Y, Axis.T), image.axes());
		assertEquals(9, valueAt(image, 2, 2, 2));
	}

	@Test
	void copiesCalibration() {
		ImagePlus imp = IJ.createImage("a", "8-bit black", 5, 4, 3);
		ij.measure.Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("um");
		cal.frameInterval = 3;
		cal.setTimeUnit("min");

		var calibration = ImagePlusBridge.wrap(imp).calibration();
		assertEquals(new io.github.visionj.image.Calibration(0.5, 0.25, 2, "µm", 3, "min"), calibration);
	}

	@Test
	void refusesVirtualStacks(@TempDir Path folder) {
		VirtualStack stack = new VirtualStack(5, 4, null, folder + "/");
		for (String name : List.of("a.tif", "b.tif")) {
			IJ.save(IJ.createImage(name, "8-bit black", 5, 4, 1), folder.resolve(name).toString());
			stack.addSlice(name);
		}
		ImagePlus imp = new ImagePlus("big", stack);

		VisionJException e = assertThrows(VisionJException.class, () -> ImagePlusBridge.wrap(imp));
		assertEquals("The image \"big\" is a virtual stack, which VisionJ cannot read plane by plane; "
			+ "load it into memory (Image > Duplicate...) and run again.", e.getMessage());
	}

	private static double valueAt(AxisImage<?> image, long... position) {
		RandomAccess<? extends RealType<?>> access = image.data().randomAccess();
		access.setPosition(position);
		return access.get().getRealDouble();
	}

	private static void setAt(AxisImage<?> image, double value, long... position) {
		RandomAccess<? extends RealType<?>> access = image.data().randomAccess();
		access.setPosition(position);
		access.get().setReal(value);
	}
}
