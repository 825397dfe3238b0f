from crowdgallery.cli import main

main(prog_name="crowdgallery")
