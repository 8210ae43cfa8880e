console.log("electron main")
