package dev.bulwark.core.device;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The app that asked for the attested key, as Android's package manager saw it: the packages of its user id and the
 * SHA-256 digests of their signing certificates.
 */
public record AttestationApplicationId(List<Package> packages, List<byte[]> signatureDigests) {

    public record Package(String name, long version) {
    }

    public AttestationApplicationId {
        packages = List.copyOf(packages);
        signatureDigests = signatureDigests.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> signatureDigests() {
        return signatureDigests.stream().map(byte[]::clone).toList();
    }

    /** The signing-certificate digests as lowercase hex, the form an app's registration lists them in. */
    public Set<String> signatureDigestsHex() {
        return signatureDigests.stream().map(HexFormat.of()::formatHex).collect(Collectors.toUnmodifiableSet());
    }

    public Set<String> packageNames() {
        return packages.stream().map(Package::name).collect(Collectors.toUnmodifiableSet());
    }
}
