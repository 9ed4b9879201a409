print("standby-wizard")
