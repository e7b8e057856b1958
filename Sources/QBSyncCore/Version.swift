/// The qbsync version, sent in the User-Agent header.
public enum QBSyncCoreVersion { public static let string = "0.1.0" }
