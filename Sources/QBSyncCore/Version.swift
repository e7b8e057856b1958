public enum QBSyncCoreVersion { public static let string = "0.1.0" }
