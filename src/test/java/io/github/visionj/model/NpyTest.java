package io.github.visionj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

class NpyTest {

	private static FloatTensor read(String name) {
		return Npy.read(ModelDescriptionTest.fixture("npy/" + name));
	}

	@Test
	void readsEveryTypeNumpyWrites() {
		assertArrayEquals(new float[] { 0, 1, 2, 250, 255, 7 }, read("uint8.npy").data());
		assertArrayEquals(new float[] { 0, 1, 2, 250, 65535, 7 }, read("uint16.npy").data());
		assertArrayEquals(new float[] { 0, -1, 2, 250, -65535, 7 }, read("int32.npy").data());
		assertArrayEquals(new float[] { 0, -1, 2, 250, -65535, 7 }, read("int64.npy").data());
		assertArrayEquals(new float[] { 0, -1.5f, 2.25f, 250, 1e-3f, 7 }, read("float64.npy").data());
		assertArrayEquals(new long[] { 2, 3 }, read("uint8.npy").shape());
		assertArrayEquals(new long[] { 2 }, read("float32-1d.npy").shape());
		assertArrayEquals(new float[] { 0.5f, -2 }, read("float32-1d.npy").data());
	}

	@Test
	void readsVersion2Headers() {
		FloatTensor t = read("float32-v2.npy");
		assertArrayEquals(new long[] { 1, 3 }, t.shape());
		assertArrayEquals(new float[] { 1.5f, 2.5f, 3.5f }, t.data());
	}

	@Test
	void readsTheNucleiBroadTestInput() {
		FloatTensor t = Npy.read(BundledModels.resolve("nuclei-broad").resolve("test_input.npy"));
		assertArrayEquals(new long[] { 1, 1, 512, 512 }, t.shape());
	}

	@Test
	void roundTripsFloat32(@TempDir Path dir) throws IOException {
		FloatTensor t = new FloatTensor(new float[] { 1, -2.5f, Float.MAX_VALUE, Float.NaN, 0, 6 }, 1, 2, 3);
		Path file = dir.resolve("t.npy");
		Npy.write(file, t);
		FloatTensor back = Npy.read(file);
		assertArrayEquals(t.shape(), back.shape());
		assertArrayEquals(t.data(), back.data());
		byte[] bytes = Files.readAllBytes(file);
		int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
		String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
		assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", header.trim());
		assertEquals(0, (10 + headerLength) % 64, "NumPy aligns the data to 64 bytes");
		assertEquals(10 + headerLength + 6 * 4, bytes.length);
	}

	@Test
	void roundTripsOneDimension(@TempDir Path dir) {
		Path file = dir.resolve("t.npy");
		Npy.write(file, new FloatTensor(new float[] { 4, 5 }, 2));
		assertArrayEquals(new long[] { 2 }, Npy.read(file).shape());
	}

	@Test
	void refusesWhatItCannotRead(@TempDir Path dir) throws IOException {
		Path bigEndian = ModelDescriptionTest.fixture("npy/big-endian.npy");
		assertEquals("Cannot read the tensor file " + bigEndian + ": its data type >f4 is not one of float32, float64, uint8, " +
			"uint16, int32, int64 (little endian); save it with numpy.save as float32.",
			assertThrows(VisionJException.class, () -> Npy.read(bigEndian)).getMessage());
		Path fortran = ModelDescriptionTest.fixture("npy/fortran.npy");
		assertEquals("Cannot read the tensor file " + fortran + ": it is in Fortran order; save it with numpy.save as float32.",
			assertThrows(VisionJException.class, () -> Npy.read(fortran)).getMessage());
		Path text = dir.resolve("text.npy");
		Files.writeString(text, "hello");
		assertEquals("Cannot read the tensor file " + text + ": it is not a .npy file; save it with numpy.save as float32.",
			assertThrows(VisionJException.class, () -> Npy.read(text)).getMessage());
	}
}
